// The HTML report's Node side: envelope, audio source, input readers, page data and the HTML
// itself (what the browser test cannot see: exact numbers and escaping). report-browser.test.ts
// drives the page in Chromium.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '@dia/fixtures';
import { diarizationErrorRate, overlapRegions, parseRttm, speakerDurations } from '@dia/rttm';
import { audioEnvelope } from '../src/output/report/envelope';
import { audioSource, audioMimeType } from '../src/output/report/audio-source';
import { parseDiarizations, pickDiarization } from '../src/output/report/diarization-file';
import { reportData, type ReportData } from '../src/output/report/report-data';
import { renderReportHtml } from '../src/output/report/html';
import { buildReport } from '../src/output/report/build-report';
import { main } from '../src/cli/main';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { isTTY: false, write: (s: string) => (err += s) } });
  return { code, out, err };
}

/** The JSON the page reads, taken back out of the HTML. */
function embeddedData(html: string): ReportData {
  const m = html.match(/<script id="dia-report-data" type="application\/json">([\s\S]*?)<\/script>/);
  if (!m) throw new Error('no data script in the page');
  return JSON.parse(m[1]) as ReportData;
}

describe('audioEnvelope', () => {
  it('peak and RMS per bucket, scaled so the loudest sample is 255; silence 0; bucket count bounded', () => {
    const rate = 16000;
    const samples = new Float32Array(rate * 2); // 1 s silence, then 1 s of a 0.5-amplitude square wave, one 0.8 click
    for (let i = rate; i < 2 * rate; i++) samples[i] = i % 2 ? 0.5 : -0.5;
    samples[rate + 8000] = 0.8;
    const env = audioEnvelope(samples, rate);
    expect(env.step).toBeCloseTo(0.01, 12);
    expect(env.peak.length).toBe(200);
    expect(Math.max(...env.peak.slice(0, 100))).toBe(0);
    expect(Math.max(...env.peak)).toBe(255);
    expect(env.peak[150]).toBe(255); // the bucket holding the click
    expect(env.peak[120]).toBe(Math.round((255 * 0.5) / 0.8));
    expect(env.rms[120]).toBe(Math.round((255 * 0.5) / 0.8)); // RMS of a square wave = its amplitude
    const coarse = audioEnvelope(new Float32Array(rate * 60), rate, { maxBuckets: 1000 });
    expect(coarse.peak.length).toBeLessThanOrEqual(1000);
    expect(coarse.step * coarse.peak.length).toBeGreaterThanOrEqual(60);
  });
});

describe('audioSource', () => {
  it('embeds a file up to the limit as a data: URI, links a larger one by a percent-encoded path relative to the report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-report-'));
    mkdirSync(join(dir, 'audio files'));
    const wav = join(dir, 'audio files', 'my clip #1.wav');
    copyFileSync(fixture('02').path('clip_16k.wav'), wav);
    const bytes = readFileSync(wav);
    const embedded = audioSource(wav, dir);
    expect(embedded.embedded).toBe(true);
    expect(embedded.src.startsWith('data:audio/wav;base64,')).toBe(true);
    expect(Buffer.from(embedded.src.split(',')[1], 'base64').equals(bytes)).toBe(true);
    const linked = audioSource(wav, join(dir, 'out'), bytes.length - 1);
    expect(linked).toEqual({ src: '../audio%20files/my%20clip%20%231.wav', mime: 'audio/wav', embedded: false, bytes: bytes.length });
    expect(audioSource(wav, dir, 0).embedded).toBe(false);
    expect(audioMimeType('a.MP3')).toBe('audio/mpeg');
    expect(audioMimeType('a.opus')).toBe('audio/ogg');
  });
});

describe('parseDiarizations', () => {
  const json = { uri: 'meeting', speakers: ['SPEAKER_00', 'SPEAKER_01'], segments: [{ start: 0.5, end: 2, speaker: 'SPEAKER_01' }, { start: 1, end: 3, speaker: 'SPEAKER_02' }] };

  it("reads dia's JSON (one file or several) and RTTM; a speaker missing from the list still gets a lane", () => {
    const [d] = parseDiarizations(JSON.stringify(json));
    expect(d.uri).toBe('meeting');
    expect(d.speakers).toEqual(['SPEAKER_00', 'SPEAKER_01', 'SPEAKER_02']);
    expect(d.segments).toEqual(json.segments);
    const many = parseDiarizations(JSON.stringify([json, { ...json, uri: 'other' }]));
    expect(pickDiarization(many, 'other').uri).toBe('other');
    expect(() => pickDiarization(many, undefined)).toThrow(/holds 2 files \(meeting, other\): choose one with --uri/);
    expect(() => pickDiarization(many, 'nope')).toThrow(/has no file 'nope' \(it has: meeting, other\)/);
    const ref = fixture('03').referenceRttm();
    const [fromRttm] = parseDiarizations(ref);
    const annotation = parseRttm(ref)[0];
    expect(fromRttm.uri).toBe(annotation.uri);
    expect(fromRttm.segments.length).toBe(annotation.segments.length);
    expect(fromRttm.speakers).toEqual([...new Set(annotation.segments.map((s) => s.speaker))].sort());
    expect(pickDiarization(parseDiarizations(''), 'x')).toEqual({ uri: 'x', speakers: [], segments: [] });
  });

  it('bad input names what is wrong', () => {
    expect(() => parseDiarizations('{"segments": [{"start": 2, "end": 1, "speaker": "A"}]}', 'r.json')).toThrow(/r\.json: segment 0 needs numeric start ≤ end/);
    expect(() => parseDiarizations('{"uri": "x"}', 'r.json')).toThrow(/expected \{ uri, speakers, segments \}/);
    expect(() => parseDiarizations('{not json', 'r.json')).toThrow(/r\.json is not valid JSON/);
    expect(() => parseDiarizations('SPEAKER f 1 zero 1 <NA> <NA> A <NA> <NA>', 'r.rttm')).toThrow(/neither dia's JSON nor valid RTTM/);
  });
});

describe('the transcript in the report', () => {
  it("ASR output read by @dia/transcript; segments and words attributed to the shown speakers; --speaker-names are the page's first names", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-report-'));
    const fx = fixture('03');
    const [reference] = parseDiarizations(fx.referenceRttm());
    // one ASR segment per turn that overlaps no other turn: each must go to that turn's speaker
    const alone = reference.segments.filter((t) => !reference.segments.some((o) => o !== t && o.start < t.end && t.start < o.end));
    const asr = { segments: alone.map((t, i) => ({ start: t.start, end: t.end, text: ` turn ${i}`, words: [{ word: ' turn', start: t.start, end: (t.start + t.end) / 2 }, { word: ` ${i}`, start: (t.start + t.end) / 2, end: t.end }] })) };
    writeFileSync(join(dir, 'asr.json'), JSON.stringify(asr));
    const out = join(dir, 'r.html');
    const r = await run('report', fx.path('clip_16k.wav'), fx.path('reference.rttm'), '--transcript', join(dir, 'asr.json'), '--speaker-names', 'SPEAKER_00=Ada Lovelace', '-o', out);
    expect(r.err).toBe('');
    const data = embeddedData(readFileSync(out, 'utf8'));
    expect(data.names).toEqual({ SPEAKER_00: 'Ada Lovelace' });
    expect(data.transcript?.map((s) => s.speaker)).toEqual(alone.map((t) => t.speaker));
    expect(data.transcript?.flatMap((s) => (s.words ?? []).map((w) => w.speaker))).toEqual(alone.flatMap((t) => [t.speaker, t.speaker]));
    expect((await run('report', fx.path('clip_16k.wav'), fx.path('reference.rttm'), '--speaker-names', 'SPEAKER_00=Ada')).err).toMatch(/--speaker-names applies to a transcript/);
    writeFileSync(join(dir, 'bad.json'), '{"segments": [{"start": 1}]}');
    const bad = await run('report', fx.path('clip_16k.wav'), fx.path('reference.rttm'), '--transcript', join(dir, 'bad.json'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/bad\.json/);
  });
});

describe('reportData', () => {
  const ref = fixture('03').referenceRttm();
  const [reference] = parseDiarizations(ref);
  const audio = { src: 'clip.wav', mime: 'audio/wav', embedded: false, bytes: 1 };

  it("speaker summary: talk time is the union of a speaker's turns, shares add up to 1, longest turn; overlap = pyannote's get_overlap", () => {
    const data = reportData({ diarization: reference, audio, audioDuration: 60, envelope: null });
    const annotation = parseRttm(ref)[0];
    const durations = speakerDurations(annotation);
    expect(data.speakers.map((s) => s.label)).toEqual(reference.speakers);
    for (const s of data.speakers) {
      expect(s.talkTime).toBeCloseTo(durations.get(s.label) as number, 9);
      const own = annotation.segments.filter((x) => x.speaker === s.label);
      expect(s.turns).toBe(own.length);
      expect(s.longestTurn).toBeCloseTo(Math.max(...own.map((x) => x.end - x.start)), 9);
    }
    expect(data.speakers.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1, 12);
    expect(data.turns.length).toBe(3 * annotation.segments.length);
    const overlap = overlapRegions(annotation);
    expect(data.overlap.length).toBe(2 * overlap.length);
    overlap.forEach((r, i) => expect([data.overlap[2 * i], data.overlap[2 * i + 1]]).toEqual([r.start, r.end].map((t) => Math.round(t * 1e6) / 1e6)));
    expect(data.duration).toBe(60);
  });

  it('comparison: the DER components are diarizationErrorRate\'s; reference lanes follow the mapping; region counts match the regions', () => {
    // a hypothesis with every kind of error: labels swapped, a turn dropped, one invented, one given to the wrong speaker
    const swap: Record<string, string> = { [reference.speakers[0]]: 'B', [reference.speakers[1]]: 'A' };
    const segments = reference.segments.slice(1).map((s, i) => ({ ...s, speaker: i === 3 ? (swap[s.speaker] === 'A' ? 'B' : 'A') : swap[s.speaker] }));
    segments.push({ start: 58, end: 59.5, speaker: 'A' });
    const hypothesis = { uri: reference.uri, speakers: ['A', 'B'], segments };
    const data = reportData({ diarization: hypothesis, audio, audioDuration: 60, envelope: null, reference, score: { collar: 0.25 } });
    const c = data.comparison;
    if (!c) throw new Error('no comparison');
    const toAnnotation = (d: typeof hypothesis) => ({ uri: d.uri, segments: d.segments.map((s) => ({ ...s, duration: s.end - s.start, channel: 1 })) });
    const der = diarizationErrorRate(toAnnotation(reference), toAnnotation(hypothesis), { collar: 0.25 });
    expect([c.missedDetection, c.falseAlarm, c.confusion, c.total, c.der]).toEqual([der.missedDetection, der.falseAlarm, der.confusion, der.total, der.der]);
    expect(c.missedDetection).toBeGreaterThan(0);
    expect(c.falseAlarm).toBeGreaterThan(0);
    expect(c.confusion).toBeGreaterThan(0);
    expect(c.speakers.map((s) => s.mappedFrom)).toEqual(['A', 'B']); // reference lanes in hypothesis order
    expect(c.speakers.map((s) => s.label)).toEqual([reference.speakers[1], reference.speakers[0]]);
    const kinds = [0, 1, 2].map((k) => c.regions.filter((_, i) => i % 3 === 2 && c.regions[i] === k).length);
    expect(kinds).toEqual([c.regionCounts.missed, c.regionCounts.falseAlarm, c.regionCounts.confusion]);
    expect(c.table.split('\n')[0]).toBe('uri\tDER\tJER\tmissed\tfalse_alarm\tconfusion\ttotal');
    expect(c.collar).toBe(0.25);
  });
});

describe('renderReportHtml', () => {
  const hostile = '</script><script>window.pwned=1</script><!-- {{script}} $& $1';

  it('one self-contained page: no external URL, inline style and script allowed by hash only, hostile names kept as data', () => {
    const data = reportData({
      diarization: { uri: hostile, speakers: [hostile], segments: [{ start: 0, end: 1, speaker: hostile }] },
      audio: { src: 'data:audio/wav;base64,AAAA', mime: 'audio/wav', embedded: true, bytes: 3 },
      audioDuration: 2,
      envelope: null,
      title: hostile,
    });
    const html = renderReportHtml(data);
    expect(embeddedData(html)).toEqual(data);
    for (const asset of ['report.css', 'report.js']) expect(html).toContain(readFileSync(new URL(`../src/output/report/${asset}`, import.meta.url), 'utf8'));
    expect(html.match(/<script/g)).toHaveLength(2); // the data and the page script, nothing injected
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
    const csp = (html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/) as RegExpMatchArray)[1];
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(html).toContain(`<title>&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;!-- {{script}} $&amp; $1 — speaker diarization</title>`);
  });
});

describe('buildReport and dia report', () => {
  it('dia report reads a JSON or RTTM result, writes the page to -o; dia diarize --format html wants one file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-report-'));
    const clip = fixture('03').path('clip_16k.wav');
    const refPath = fixture('03').path('reference.rttm');
    const out = join(dir, 'r.html');
    const r = await run('report', clip, refPath, '-o', out, '--reference', refPath, '--collar', '0.25');
    expect(r.code).toBe(0);
    const data = embeddedData(readFileSync(out, 'utf8'));
    expect(data.comparison?.der).toBe(0);
    expect(data.audio.embedded).toBe(true);
    expect(data.envelope?.step).toBeCloseTo(0.01, 9);
    // the page as buildReport gives it, with the audio linked relative to where it is written
    const linked = embeddedData(await buildReport({ audio: clip, diarization: parseDiarizations(readFileSync(refPath, 'utf8'))[0], reportPath: join(dir, 'r.html'), embedLimit: 0 }));
    expect(linked.audio.embedded).toBe(false);
    expect(join(dir, decodeURIComponent(linked.audio.src))).toBe(clip);
    expect((await run('report', clip)).code).toBe(2);
    expect((await run('report', clip, refPath, '--collar', '1')).err).toMatch(/give --reference too/);
    expect((await run('report', clip, refPath, '--embed-limit', '-1')).code).toBe(2);
    const missing = await run('report', clip, join(dir, 'none.json'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^dia: ENOENT/);
    writeFileSync(join(dir, 'bad.json'), '{"segments": 3}');
    expect((await run('report', clip, join(dir, 'bad.json'))).err).toMatch(/expected \{ uri, speakers, segments \}/);
    expect((await run('report', '--help')).out).toMatch(/^Usage: dia report/);
    expect((await run('diarize', clip, clip, '--format', 'html')).err).toMatch(/--format html makes one page per recording/);
  });
});
