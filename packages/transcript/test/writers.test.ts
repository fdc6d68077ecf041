import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseSpeakerNames, readTranscript, renameSpeakers, TranscriptError, writeTranscript, type Transcript } from '../src/index';

const t: Transcript = {
  language: 'en',
  segments: [
    { start: 0.031, end: 2.5, text: ' Hello <there> & welcome.', speaker: 'SPEAKER_00', words: [{ word: 'Hello', start: 0.031, end: 0.4, speaker: 'SPEAKER_00' }, { word: '<there>' }] },
    { start: 2.5, end: 4, text: ' Still me.', speaker: 'SPEAKER_00' },
    { start: 4.2, end: 3661.0005, text: ' Bob here.', speaker: 'SPEAKER_01' },
    { start: 3700, end: 3701, text: ' (music)' },
  ],
};

describe('writers', () => {
  it('SRT: numbered cues with a "SPEAKER: " prefix', () => {
    expect(writeTranscript(t, 'srt')).toBe(
      '1\n00:00:00,031 --> 00:00:02,500\nSPEAKER_00: Hello <there> & welcome.\n\n' +
        '2\n00:00:02,500 --> 00:00:04,000\nSPEAKER_00: Still me.\n\n' +
        '3\n00:00:04,200 --> 01:01:01,001\nSPEAKER_01: Bob here.\n\n' +
        '4\n01:01:40,000 --> 01:01:41,000\n(music)\n',
    );
  });
  it('WebVTT: <v Speaker> voice tags, cue text escaped', () => {
    expect(writeTranscript(t, 'vtt')).toBe(
      'WEBVTT\n\n00:00:00.031 --> 00:00:02.500\n<v SPEAKER_00>Hello &lt;there&gt; &amp; welcome.\n\n' +
        '00:00:02.500 --> 00:00:04.000\n<v SPEAKER_00>Still me.\n\n' +
        '00:00:04.200 --> 01:01:01.001\n<v SPEAKER_01>Bob here.\n\n' +
        '01:01:40.000 --> 01:01:41.000\n(music)\n',
    );
  });
  it('text: consecutive segments of a speaker form one turn with its time span', () => {
    expect(writeTranscript(t, 'txt')).toBe(
      '[00:00:00.031 --> 00:00:04.000] SPEAKER_00\nHello <there> & welcome. Still me.\n\n' +
        '[00:00:04.200 --> 01:01:01.001] SPEAKER_01\nBob here.\n\n' +
        '[01:01:40.000 --> 01:01:41.000] (unknown speaker)\n(music)\n',
    );
  });
  it('JSON: a speaker (or null) on every segment and word, in WhisperX field names; reads back', () => {
    const json = JSON.parse(writeTranscript(t, 'json'));
    expect(json.speakers).toEqual(['SPEAKER_00', 'SPEAKER_01']);
    expect(json.segments[0].words).toEqual([{ word: 'Hello', start: 0.031, end: 0.4, speaker: 'SPEAKER_00' }, { word: '<there>', speaker: null }]);
    expect(json.segments.map((s: { speaker: string | null }) => s.speaker)).toEqual(['SPEAKER_00', 'SPEAKER_00', 'SPEAKER_01', null]);
    const back = readTranscript(writeTranscript(t, 'json'));
    expect(back.segments.map((s) => [s.start, s.end, s.text])).toEqual(t.segments.map((s) => [s.start, s.end, s.text]));
  });
  it('our SRT and WebVTT read back to the same times and text (prefix and voice tags aside)', () => {
    const srt = readTranscript(writeTranscript(t, 'srt'));
    const vtt = readTranscript(writeTranscript(t, 'vtt'));
    expect(vtt.segments.map((s) => s.text)).toEqual(t.segments.map((s) => s.text.trim()));
    expect(srt.segments.map((s) => s.start)).toEqual(vtt.segments.map((s) => s.start));
  });
  it('timestamps round to the millisecond', () => {
    expect(formatTimestamp(1.0005)).toBe('00:00:01,001'); // 1.0005 × 1000 = 1000.5 ms
    expect(formatTimestamp(59.9996, '.')).toBe('00:01:00.000');
    expect(formatTimestamp(-0.2)).toBe('00:00:00,000');
  });
  it('rejects an unknown output format', () => {
    expect(() => writeTranscript(t, 'docx' as 'json')).toThrow(/unknown output format 'docx': use one of json, srt, vtt, txt/);
  });
});

describe('speaker names', () => {
  it('reads LABEL=Name lists and JSON objects', () => {
    expect(parseSpeakerNames('SPEAKER_00=Alice, SPEAKER_01=Bob Smith')).toEqual({ SPEAKER_00: 'Alice', SPEAKER_01: 'Bob Smith' });
    expect(parseSpeakerNames('{"SPEAKER_00": "Alice, PhD"}')).toEqual({ SPEAKER_00: 'Alice, PhD' });
  });
  it('rejects malformed mappings with what was expected', () => {
    expect(() => parseSpeakerNames('SPEAKER_00:Alice')).toThrow(/expected LABEL=Name pairs separated by commas .* found 'SPEAKER_00:Alice'/);
    expect(() => parseSpeakerNames('{"SPEAKER_00": 3}', 'names.json')).toThrow(TranscriptError);
    expect(() => parseSpeakerNames('{"SPEAKER_00": ')).toThrow(/speaker names: invalid JSON/);
  });
  it('renames segment and word speakers in every writer; unmapped labels stay', () => {
    const names = parseSpeakerNames('SPEAKER_00=Alice');
    expect(renameSpeakers(t, names).segments[0].words?.[0].speaker).toBe('Alice');
    expect(writeTranscript(t, 'vtt', { speakerNames: names })).toContain('<v Alice>Still me.');
    expect(writeTranscript(t, 'srt', { speakerNames: names })).toContain('SPEAKER_01: Bob here.');
    expect(t.segments[0].speaker).toBe('SPEAKER_00');
  });
});
