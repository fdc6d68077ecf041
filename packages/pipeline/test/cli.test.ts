import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, pldaDir, realModelPath } from '@dia/fixtures';
import { parseRttm } from '@dia/rttm';
import { main } from '../src/cli/main';
import { runExternalCommand } from '../src/cli/external';
import type { Io } from '../src/cli/commands';
import { encode, encodeDir, withoutFfmpeg } from './ffmpeg-helpers';

const model = (name: string) => fileURLToPath(new URL(`./data/models/${name}`, import.meta.url));

async function runWith(stdin: Io['stdin'], argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { isTTY: false, write: (s: string) => (err += s) }, stdin });
  return { code, out, err };
}
const run = (...argv: string[]) => runWith(undefined, argv);

describe('dia CLI', () => {
  it('--help for every command; no command is a usage error (exit 2)', async () => {
    for (const cmd of ['diarize', 'assign', 'score', 'models', 'parity']) {
      const r = await run(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`Usage: dia ${cmd}`));
    }
    expect((await run()).code).toBe(2);
    expect((await run('--help')).code).toBe(0);
  });

  it('usage errors exit 2 with one line and no stack trace', async () => {
    const r = await run('diarize', '--num-speakers', 'two', 'x.wav');
    expect(r.code).toBe(2);
    expect(r.err).toBe('dia: --num-speakers must be a positive integer (got two)\n');
    expect((await run('frobnicate')).err).toMatch(/unknown command 'frobnicate'/);
    expect((await run('diarize', '--bogus')).code).toBe(2);
    expect((await run('score', 'only-one.rttm')).code).toBe(2);
  });

  it('runtime errors exit 1 without a stack trace (missing file)', async () => {
    const r = await run('score', '/nonexistent/ref.rttm', '/nonexistent/hyp.rttm');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^dia: ENOENT/);
    expect(r.err).not.toMatch(/\n {4}at /);
  });

  it('dia score prints DER per file and in total', async () => {
    const ref = fixture('02').path('reference.rttm');
    const r = await run('score', ref, ref, '--collar', '0.25');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[1]).toMatch(/^clip_16k\t0\.00%\t0\.00%/);
    expect(r.out).toMatch(/TOTAL\t0\.00%/);
  });

  it('dia diarize writes RTTM, JSON and SRT (stand-in models)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-cli-'));
    const args = ['--segmentation-model', model('segmentation-standin.onnx'), '--embedding-model', model('embedding-standin.onnx'), '--plda', pldaDir()];
    const clip = fixture('02').path('clip_16k.wav');
    const rttm = await run('diarize', clip, ...args, '-o', join(dir, 'out.rttm'));
    expect(rttm.code).toBe(0);
    expect(readFileSync(join(dir, 'out.rttm'), 'utf8')).toMatch(/^SPEAKER clip_16k 1 \d+\.\d{3} \d+\.\d{3} <NA> <NA> SPEAKER_\d\d <NA> <NA>$/m);
    const json = await run('diarize', clip, ...args, '--json', '-q');
    expect(JSON.parse(json.out).uri).toBe('clip_16k');
    const srt = await run('diarize', clip, ...args, '--format', 'srt');
    expect(srt.out).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\nSPEAKER_\d\d\n/);
    // not a recording: exit 1, one line naming the file (FFmpeg's complaint, or how to get FFmpeg)
    writeFileSync(join(dir, 'notes.bin'), Buffer.alloc(2000, 7));
    const bad = await run('diarize', join(dir, 'notes.bin'), ...args, '-q');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(new RegExp(`^dia: (ffmpeg could not decode ${join(dir, 'notes.bin')}|${join(dir, 'notes.bin')} looks like an unknown format).*\n$`));
  });

  it('dia diarize: a truncated WAV is diarized as far as it goes, with the warning on stderr and in the JSON; progress lines when stderr is not a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-cli-'));
    const args = ['--segmentation-model', model('segmentation-standin.onnx'), '--embedding-model', model('embedding-standin.onnx'), '--plda', pldaDir()];
    const wav = readFileSync(fixture('02').path('clip_16k.wav'));
    const cut = join(dir, 'cut.wav');
    writeFileSync(cut, wav.subarray(0, wav.length - 160_001));
    const r = await run('diarize', cut, ...args, '--json');
    expect(r.code).toBe(0);
    const warning = `${cut}: WAV data chunk truncated: 960000 bytes declared, 799999 present; decoded the 399999 whole frames present (25.000 s), as FFmpeg does`;
    expect(JSON.parse(r.out).warnings).toEqual([warning]);
    expect(r.err).toContain(`dia: warning: ${warning}\n`);
    // decoding, segmentation and embeddings run interleaved: one 'diarizing' bar, then clustering
    expect(r.err.split('\n').some((l) => l.startsWith(`${cut}  diarizing `) && l.includes('[##############################] 0:24 / 0:24 audio'))).toBe(true);
    expect(r.err).not.toMatch(/\x1b/);
  });

  it('dia diarize -: standard input given once, and not a terminal', async () => {
    expect((await runWith(createReadStream(fixture('02').path('clip_16k.wav')), ['diarize', '-', '-'])).err).toMatch(/'-' \(standard input\) can be given only once/);
    expect((await runWith(Object.assign(createReadStream(fixture('02').path('clip_16k.wav')), { isTTY: true }), ['diarize', '-'])).code).toBe(2);
  });

  it('dia parity runs the report inside a built checkout, and says how otherwise', async () => {
    const cwd = process.cwd();
    process.chdir(tmpdir());
    const outside = await run('parity');
    process.chdir(cwd);
    expect(outside.code).toBe(1);
    expect(outside.err).toMatch(/pnpm parity/);
  });

  it('dia models path prints the cache directory', async () => {
    process.env.DIA_MODELS_DIR = '/tmp/dia-models-test';
    expect((await run('models', 'path')).out).toBe('/tmp/dia-models-test\n');
    delete process.env.DIA_MODELS_DIR;
  });

  it('dia diarize --offline (or DIA_OFFLINE=1) with an empty cache exits 1 naming the missing model, downloading nothing', async () => {
    const saved = { ...process.env };
    try {
      process.env.DIA_MODELS_DIR = mkdtempSync(join(tmpdir(), 'dia-empty-'));
      delete process.env.DIA_SEGMENT_MODEL_PATH;
      const clip = fixture('02').path('clip_16k.wav');
      for (const argv of [['diarize', clip, '--offline'], ['diarize', clip]]) {
        if (argv.length === 2) process.env.DIA_OFFLINE = '1';
        const r = await run(...argv);
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/^dia: segmentation model not found at .*segmentation-3\.0\.onnx and nothing is downloaded offline/);
        expect(r.err).not.toMatch(/fetching/);
      }
    } finally {
      process.env = saved;
    }
  });

  it('dia models: --only takes a kind; verify of an empty cache exits 1 naming each missing file', async () => {
    expect((await run('models', 'fetch', '--only', 'voices')).code).toBe(2);
    expect((await run('models', 'fetch', 'extra')).code).toBe(2);
    process.env.DIA_MODELS_DIR = mkdtempSync(join(tmpdir(), 'dia-empty-'));
    const v = await run('models', 'verify', '--only', 'segmentation,plda');
    delete process.env.DIA_MODELS_DIR;
    expect(v.code).toBe(1);
    expect(v.out.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0])).toEqual(['missing', 'missing', 'missing', 'missing', 'missing']);
    expect(v.out).toMatch(/segmentation-3\.0\.onnx/);
  });

  it.skipIf(!realModelPath('segmentation'))('dia diarize of several files with the real segmentation: one RTTM holding both, each starting where pyannote\'s speech starts', async () => {
    const args = ['--segmentation-model', realModelPath('segmentation') as string, '--embedding-model', model('embedding-standin.onnx'), '--plda', pldaDir(), '--threads', '2'];
    const r = await run('diarize', fixture('07').path('clip_16k.wav'), fixture('02').path('clip_16k.wav'), ...args);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter(Boolean).every((l) => l.startsWith('SPEAKER clip_16k 1 '))).toBe(true);
    expect((await run('diarize', fixture('07').path('clip_16k.wav'), fixture('02').path('clip_16k.wav'), '--uri', 'x', ...args)).code).toBe(2);
    // with --uri the output scores against pyannote's reference: no missed or false-alarm speech
    const dir = mkdtempSync(join(tmpdir(), 'dia-cli-'));
    const hyp = join(dir, '07.rttm');
    expect((await run('diarize', fixture('07').path('clip_16k.wav'), '--uri', '07_yuhewei_dongbei_english', '-o', hyp, ...args)).code).toBe(0);
    const score = await run('score', fixture('07').path('reference.rttm'), hyp);
    const [, , , missed, fa] = score.out.split('\n')[1].split('\t');
    expect([missed, fa]).toEqual(['0.000', '0.000']);
    expect(score.err).toBe('');
    expect((await run('score', fixture('07').path('reference.rttm'), fixture('02').path('reference.rttm'))).err).toMatch(/has no file '07_yuhewei_dongbei_english' \(it has: clip_16k\)/);
    // speech start of each file = pyannote's first turn start (the segmentation decides it)
    const firstStart = (text: string) => Math.min(...parseRttm(text)[0].segments.map((x) => x.start));
    const starts = r.out.trim().split('\n').map((l) => Number(l.split(' ')[3]));
    expect(starts).toContain(firstStart(fixture('07').referenceRttm()));
    expect(starts).toContain(firstStart(fixture('02').referenceRttm()));
  });

  // transcripts of two parity clips in whisper.cpp and OpenAI layouts (@dia/transcript's test data)
  const asr = (name: string) => fileURLToPath(new URL(`../../transcript/test/data/asr/${name}`, import.meta.url));
  const cueSpeakers = (vtt: string) => [...vtt.matchAll(/^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}\n(<v ([^>]+)>)?/gm)].map((m) => m[2]);

  it.skipIf(!realModelPath('segmentation'))('dia diarize --transcript --format vtt prints voice-tagged cues holding every recognised word in order', async () => {
    const args = ['--segmentation-model', realModelPath('segmentation') as string, '--embedding-model', model('embedding-standin.onnx'), '--plda', pldaDir(), '--threads', '2', '-q'];
    const transcript = asr('07.whisper-cpp.json');
    const r = await run('diarize', fixture('07').path('clip_16k.wav'), '--transcript', transcript, '--format', 'vtt', ...args);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.startsWith('WEBVTT\n\n')).toBe(true);
    const speakers = cueSpeakers(r.out);
    expect(speakers.length).toBeGreaterThan(0);
    expect(speakers.every((s) => /^SPEAKER_\d\d$/.test(s ?? ''))).toBe(true);
    const words = JSON.parse(readFileSync(transcript, 'utf8')).transcription.map((s: { text: string }) => s.text.trim()).join(' ');
    const cueText = r.out.split('\n').filter((l) => l.startsWith('<v ')).map((l) => l.replace(/^<v [^>]+>/, '')).join(' ');
    expect(cueText).toBe(words);
    // the same with names, as JSON (a speaker on every segment and word) and as text
    const named = await run('diarize', fixture('07').path('clip_16k.wav'), '--transcript', transcript, '--speaker-names', 'SPEAKER_00=Alice,SPEAKER_01=Bob', ...args);
    const json = JSON.parse(named.out);
    expect(json.segments.every((s: { speaker: string; words: { speaker: string }[] }) => ['Alice', 'Bob'].includes(s.speaker) && s.words.every((w) => ['Alice', 'Bob'].includes(w.speaker)))).toBe(true);
  });

  it('dia assign: a transcript and an RTTM give SRT with speaker prefixes, split where the speaker changes', async () => {
    const rttm = fixture('02').path('reference.rttm');
    const srt = await run('assign', '--transcript', asr('02.openai-verbose.json'), '--diarization', rttm, '--format', 'srt');
    expect(srt.err).toBe('');
    const cues = srt.out.trim().split('\n\n');
    expect(cues.every((c) => /^\d+\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\nSPEAKER_0[01]: \S/.test(c))).toBe(true);
    const segments = JSON.parse(readFileSync(asr('02.openai-verbose.json'), 'utf8')).segments.length;
    expect(cues.length).toBeGreaterThan(segments); // speakers change inside the recognised segments
    const whole = await run('assign', '--transcript', asr('02.openai-verbose.json'), '--diarization', rttm, '--format', 'srt', '--no-split');
    expect(whole.out.trim().split('\n\n')).toHaveLength(segments);
    const vtt = await run('assign', '--transcript', asr('02.openai-verbose.json'), '--diarization', rttm, '--format', 'vtt', '--speaker-names', '{"SPEAKER_00": "Alice", "SPEAKER_01": "Bob"}');
    expect(new Set(cueSpeakers(vtt.out))).toEqual(new Set(['Alice', 'Bob']));
    const txt = await run('assign', '--transcript', asr('02.openai-verbose.json'), '--diarization', rttm, '--format', 'txt');
    const turns = txt.out.trim().split('\n\n');
    expect(turns.every((t) => /^\[\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}\] SPEAKER_0[01]\n\S[^\n]*$/.test(t))).toBe(true);
    // consecutive turns alternate speakers (one speaker's consecutive cues are grouped)
    const who = turns.map((t) => /\] (SPEAKER_\d\d)/.exec(t)?.[1]);
    expect(who.every((s, i) => i === 0 || s !== who[i - 1])).toBe(true);
  });

  it('transcript errors: usage errors exit 2, a malformed transcript exits 1 naming file and place — before any model loads', async () => {
    const noModels = ['--segmentation-model', '/nonexistent/seg.onnx', '--embedding-model', '/nonexistent/emb.onnx', '--plda', '/nonexistent'];
    const clip = fixture('02').path('clip_16k.wav');
    const vtt = await run('diarize', clip, '--format', 'vtt', ...noModels);
    expect(vtt.code).toBe(2);
    expect(vtt.err).toBe('dia: --format must be rttm, json, srt or html (got vtt); --format vtt writes a transcript: give --transcript <asr.json>\n');
    expect((await run('diarize', clip, '--speaker-names', 'SPEAKER_00=A', ...noModels)).err).toBe('dia: --speaker-names applies to a transcript: give --transcript <file>\n');
    const dir = mkdtempSync(join(tmpdir(), 'dia-cli-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"segments": [{"start": 0, "end": "1"}]}');
    const r = await run('diarize', clip, '--transcript', bad, '--format', 'srt', ...noModels);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`dia: ${bad}: $.segments[0].end: expected a time in seconds (a number ≥ 0), got the string "1"\n`);
    expect((await run('diarize', clip, '--transcript', asr('02.openai-verbose.json'), '--transcript-format', 'docx', ...noModels)).err).toMatch(/unknown transcript format 'docx'/);
    expect((await run('assign', '--transcript', asr('02.openai-verbose.json'))).err).toBe('dia: no diarization given (--diarization <file.rttm>)\n');
    expect((await run('assign', '--transcript', asr('02.openai-verbose.json'), '--diarization', fixture('02').path('reference.rttm'), '--uri', 'nope')).err).toMatch(/has no file 'nope' \(it has: clip_16k\)/);
  });

  const realSeg = realModelPath('segmentation');
  it.skipIf(!realSeg || withoutFfmpeg)('dia diarize talk.mp3, meeting.m4a and cat x.wav | dia diarize - (real segmentation): the same speech as the WAV', async () => {
    const args = ['--segmentation-model', realSeg as string, '--embedding-model', model('embedding-standin.onnx'), '--plda', pldaDir(), '--threads', '2', '-q'];
    // fixture 02 as WAV, MP3 (44.1 kHz stereo) and M4A (48 kHz)
    const dir = encodeDir();
    const clip = fixture('02').path('clip_16k.wav');
    const mp3 = encode(['-i', clip, '-ar', '44100', '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '128k'], join(dir, 'talk.mp3'));
    const m4a = encode(['-i', clip, '-ar', '48000', '-c:a', 'aac', '-b:a', '128k'], join(dir, 'meeting.m4a'));
    const wav = await run('diarize', clip, ...args);
    expect(wav.code).toBe(0);
    // from a pipe: the very same RTTM as from the path
    const piped = await runWith(createReadStream(clip), ['diarize', '-', ...args]);
    expect(piped.code).toBe(0);
    expect(piped.out).toBe(wav.out.replaceAll('SPEAKER clip_16k ', 'SPEAKER stdin '));
    // speech regions (the segmentation's decision) of the lossy encodes agree with the WAV's to within a few frames
    const speech = (rttm: string) => {
      const spans = parseRttm(rttm)[0].segments.map((x) => [x.start, x.start + x.duration]).sort((p, q) => p[0] - q[0]);
      const merged: number[][] = [];
      for (const sp of spans) if (merged.length && sp[0] <= merged[merged.length - 1][1]) merged[merged.length - 1][1] = Math.max(merged[merged.length - 1][1], sp[1]); else merged.push([...sp]);
      return merged;
    };
    const reference = speech(wav.out);
    for (const [file, uri] of [[mp3, 'talk'], [m4a, 'meeting']]) {
      const r = await run('diarize', file, ...args);
      expect(r.code).toBe(0);
      expect(r.out.split('\n').filter(Boolean).every((l) => l.startsWith(`SPEAKER ${uri} 1 `))).toBe(true);
      const got = speech(r.out);
      let worst = 0;
      for (const [a, b] of reference) {
        const near = got.reduce((best, g) => (Math.abs(g[0] - a) < Math.abs(best[0] - a) ? g : best), got[0]);
        worst = Math.max(worst, Math.abs(near[0] - a), Math.abs(near[1] - b));
      }
      console.log(`${uri}: ${got.length} speech regions (WAV: ${reference.length}), worst boundary difference from the WAV ${worst.toFixed(3)} s`);
      expect(got.length).toBe(reference.length);
      expect(worst).toBeLessThanOrEqual(0.1);
    }
  }, 180_000);
});

describe('dia external commands (worker, enqueue, jobs come with @dia/queue)', () => {
  it('a command whose package is not installed exits 1 saying what to install', async () => {
    let err = '';
    const code = await runExternalCommand('@dia/no-such-package', 'worker', ['--help'], { stdout: { write: () => 0 }, stderr: { isTTY: false, write: (s: string) => (err += s) } });
    expect(code).toBe(1);
    expect(err).toBe("dia: 'worker' comes with @dia/no-such-package, which is not installed: npm install @dia/no-such-package (or npm install -g @dia/no-such-package beside a global dia)\n");
  });
});
