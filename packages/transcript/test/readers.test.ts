import { describe, expect, it } from 'vitest';
import { detectTranscriptFormat, parseTimestamp, readTranscript, TranscriptError, transcriptFormat } from '../src/index';

function failure(fn: () => unknown): TranscriptError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TranscriptError) return err;
    throw err;
  }
  throw new Error('expected a TranscriptError');
}

const openai = JSON.stringify({
  task: 'transcribe',
  language: 'english',
  duration: 4.2,
  text: 'Hello there. General Kenobi.',
  segments: [
    { id: 0, seek: 0, start: 0.0, end: 1.6, text: ' Hello there.', tokens: [1, 2], temperature: 0, avg_logprob: -0.2, compression_ratio: 1, no_speech_prob: 0 },
    { id: 1, seek: 0, start: 2.0, end: 4.0, text: ' General Kenobi.', tokens: [3], temperature: 0, avg_logprob: -0.2, compression_ratio: 1, no_speech_prob: 0 },
  ],
  words: [
    { word: 'Hello', start: 0.0, end: 0.5 },
    { word: 'there', start: 0.6, end: 1.6 },
    { word: 'General', start: 1.7, end: 2.5 },
    { word: 'Kenobi', start: 2.6, end: 4.0 },
  ],
});

const whisperCppFull = `{
\t"systeminfo": "AVX = 1",
\t"model": {"type": "base"},
\t"params": {"model": "models/ggml-base.en.bin", "language": "en", "translate": false},
\t"result": {"language": "en"},
\t"transcription": [
\t\t{
\t\t\t"timestamps": {"from": "00:00:00,000", "to": "00:00:02,500"},
\t\t\t"offsets": {"from": 0, "to": 2500},
\t\t\t"text": " And so, my fellow",
\t\t\t"tokens": [
\t\t\t\t{"text": "[_BEG_]", "timestamps": {"from": "00:00:00,000", "to": "00:00:00,000"}, "offsets": {"from": 0, "to": 0}, "id": 50364, "p": 0.9, "t_dtw": -1},
\t\t\t\t{"text": " And", "timestamps": {"from": "00:00:00,000", "to": "00:00:00,320"}, "offsets": {"from": 0, "to": 320}, "id": 400, "p": 0.8, "t_dtw": -1},
\t\t\t\t{"text": " so", "offsets": {"from": 320, "to": 700}, "id": 370, "p": 0.9, "t_dtw": -1},
\t\t\t\t{"text": ",", "offsets": {"from": 700, "to": 710}, "id": 11, "p": 0.9, "t_dtw": -1},
\t\t\t\t{"text": " my", "offsets": {"from": 900, "to": 1200}, "id": 452, "p": 0.9, "t_dtw": -1},
\t\t\t\t{"text": " fel", "offsets": {"from": 1300, "to": 1800}, "id": 1, "p": 0.9, "t_dtw": -1},
\t\t\t\t{"text": "low", "offsets": {"from": 1800, "to": 2500}, "id": 2, "p": 0.9, "t_dtw": -1},
\t\t\t\t{"text": "[_TT_125]", "offsets": {"from": 2500, "to": 2500}, "id": 50489, "p": 0.9, "t_dtw": -1}
\t\t\t]
\t\t}
\t]
}`;

describe('readTranscript: OpenAI verbose_json', () => {
  it('reads segments and gives the top-level words to the segment they fall in', () => {
    const t = readTranscript(openai);
    expect(t.language).toBe('english');
    expect(t.segments.map((s) => [s.start, s.end, s.text])).toEqual([[0, 1.6, ' Hello there.'], [2, 4, ' General Kenobi.']]);
    // 'General' (1.7–2.5, midpoint 2.1) lies past the first segment's end: second segment
    expect(t.segments.map((s) => s.words?.map((w) => w.word))).toEqual([['Hello', 'there'], ['General', 'Kenobi']]);
  });
  it('makes one segment of the text when there are only words', () => {
    const t = readTranscript(JSON.stringify({ task: 'transcribe', text: 'a b', words: [{ word: 'a', start: 0.5, end: 1 }, { word: 'b', start: 1, end: 2 }] }));
    expect(t.segments).toEqual([{ start: 0.5, end: 2, text: 'a b', words: [{ word: 'a', start: 0.5, end: 1 }, { word: 'b', start: 1, end: 2 }] }]);
  });
});

describe('readTranscript: whisper.cpp JSON', () => {
  it('-ojf: merges sub-word tokens into words, attaches punctuation, drops special tokens, ms → s', () => {
    const t = readTranscript(whisperCppFull, { file: 'jfk.json' });
    expect(t.language).toBe('en');
    expect(t.segments).toHaveLength(1);
    expect(t.segments[0].start).toBe(0);
    expect(t.segments[0].end).toBe(2.5);
    expect(t.segments[0].words).toEqual([
      { word: ' And', start: 0, end: 0.32 },
      { word: ' so,', start: 0.32, end: 0.71 },
      { word: ' my', start: 0.9, end: 1.2 },
      { word: ' fellow', start: 1.3, end: 2.5 },
    ]);
  });
  it('-oj: segments without words; the timestamps strings when offsets are absent', () => {
    const json = JSON.stringify({ transcription: [{ timestamps: { from: '00:00:01,250', to: '00:01:02,000' }, text: ' Hi' }] });
    expect(readTranscript(json).segments).toEqual([{ start: 1.25, end: 62, text: ' Hi' }]);
  });
  it('tokens without timestamps give untimed words', () => {
    const json = JSON.stringify({ transcription: [{ offsets: { from: 0, to: 1000 }, text: ' a b', tokens: [{ text: ' a' }, { text: ' b' }] }] });
    expect(readTranscript(json).segments[0].words).toEqual([{ word: ' a' }, { word: ' b' }]);
  });
});

describe('readTranscript: WhisperX / faster-whisper JSON', () => {
  it('reads per-segment words; unaligned words (no start, or Python NaN) are untimed', () => {
    const text = '{"segments": [{"start": 0.0, "end": 2.0, "text": " In 1990 we", "words": [{"word": "In", "start": 0.1, "end": 0.3, "score": 0.9}, {"word": "1990"}, {"word": "we", "start": NaN, "end": NaN}]}], "language": "en"}';
    const t = readTranscript(text);
    expect(t.segments[0].words).toEqual([{ word: 'In', start: 0.1, end: 0.3 }, { word: '1990' }, { word: 'we' }]);
    expect(t.language).toBe('en');
  });
  it('reads a bare array of faster-whisper segments', () => {
    const t = readTranscript(JSON.stringify([{ id: 0, start: 1, end: 2, text: ' x', words: [{ start: 1, end: 2, word: ' x', probability: 0.9 }] }]));
    expect(t.segments[0].words).toEqual([{ word: ' x', start: 1, end: 2 }]);
  });
});

describe('readTranscript: SRT and WebVTT', () => {
  it('SRT: CRLF, BOM, multi-line cues, missing index lines', () => {
    const srt = '\uFEFF1\r\n00:00:01,000 --> 00:00:04,500\r\nHello\r\nthere\r\n\r\n2\r\n00:00:05,000 --> 00:00:06,000\r\nBye\r\n\r\n00:01:00,000 --> 00:01:01,000\r\nno index\r\n';
    expect(readTranscript(srt).segments).toEqual([
      { start: 1, end: 4.5, text: 'Hello there' },
      { start: 5, end: 6, text: 'Bye' },
      { start: 60, end: 61, text: 'no index' },
    ]);
  });
  it('WebVTT: header metadata, NOTE and STYLE blocks, identifiers, cue settings, markup and entities', () => {
    const vtt = 'WEBVTT - captions\nKind: captions\n\nNOTE a comment\n\nSTYLE\n::cue { color: red }\n\nintro\n00:01.000 --> 00:04.000 align:start line:0\n<v Bob>Hello &amp; <i>welcome</i></v>\n\n01:00:00.500 --> 01:00:01.000\nA <00:00:01.200><c>karaoke</c> line &lt;3\n';
    expect(readTranscript(vtt).segments).toEqual([
      { start: 1, end: 4, text: 'Hello & welcome' },
      { start: 3600.5, end: 3601, text: 'A karaoke line <3' },
    ]);
  });
  it('timestamps: SRT and WebVTT forms, the double nearest the decimal time', () => {
    expect(parseTimestamp('00:00:01,230')).toBe(1.23);
    expect(parseTimestamp('01:02.5')).toBe(62.5);
    expect(parseTimestamp('10:00:00.001')).toBe(36000.001);
    expect(parseTimestamp('1:2:3')).toBeUndefined();
  });
});

describe('detection and forcing a format', () => {
  it('detects each format from its content', () => {
    expect(detectTranscriptFormat(openai)).toBe('openai');
    expect(detectTranscriptFormat(whisperCppFull)).toBe('whisper.cpp');
    expect(detectTranscriptFormat('{"segments": [{"start": 0, "end": 1, "text": "a", "words": []}]}')).toBe('whisperx');
    expect(detectTranscriptFormat('{"task": "transcribe", "segments": []}')).toBe('openai');
    expect(detectTranscriptFormat('1\n00:00:01,000 --> 00:00:02,000\nx\n')).toBe('srt');
    expect(detectTranscriptFormat('WEBVTT\n\n00:01.000 --> 00:02.000\nx\n')).toBe('vtt');
  });
  it('a forced format reads input detection would classify otherwise; aliases are accepted', () => {
    const bare = '{"segments": [{"start": 0, "end": 1, "text": " a"}]}';
    expect(readTranscript(bare, { format: 'verbose_json' }).segments).toEqual([{ start: 0, end: 1, text: ' a' }]);
    expect(transcriptFormat('faster-whisper')).toBe('whisperx');
    expect(transcriptFormat('WebVTT')).toBe('vtt');
    expect(failure(() => transcriptFormat('docx')).message).toMatch(/unknown transcript format 'docx': use one of openai, whisper.cpp, whisperx, srt, vtt/);
    // forcing SRT on a WebVTT file fails on its header line
    expect(failure(() => readTranscript('WEBVTT\n\n00:01.000 --> 00:02.000\nx\n', { format: 'srt', file: 'a.vtt' })).message).toMatch(/^a\.vtt: line 1: expected a cue/);
  });
});

describe('malformed input: a TranscriptError naming the file, the line or JSON path, and what was expected', () => {
  it('JSON syntax errors give the line and column', () => {
    const e = failure(() => readTranscript('{\n  "segments": [\n    {"start": 0, "end": 1,, "text": "a"}\n  ]\n}', { file: 'meeting.json' }));
    expect(e.code).toBe('PARSE');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^meeting\.json: line 3: invalid JSON at column 27: expected a string in double quotes, found ', "text"/);
    expect(failure(() => readTranscript('{"segments": [', { file: 'cut.json' })).message).toBe('cut.json: line 1: invalid JSON at column 15: expected a value, found the end of the text');
  });
  it('wrong types name the JSON path', () => {
    const e = failure(() => readTranscript('{"segments": [{"start": 0, "end": 1, "text": "a", "words": [{"word": "a", "start": "0.5"}]}]}', { file: 't.json' }));
    expect(e.code).toBe('INVALID');
    expect(e.path).toBe('$.segments[0].words[0].start');
    expect(e.message).toBe('t.json: $.segments[0].words[0].start: expected a time in seconds (a number ≥ 0), got the string "0.5"');
    expect(failure(() => readTranscript('{"transcription": [{"offsets": {"from": 0}, "text": ""}]}')).message).toMatch(/\$\.transcription\[0\]\.offsets\.to: expected a time in milliseconds/);
    expect(failure(() => readTranscript('{"segments": [{"start": 2, "end": 1, "text": ""}]}')).message).toMatch(/\$\.segments\[0\]: ends \(1\) before it starts \(2\)/);
    expect(failure(() => readTranscript('{"task": "transcribe", "text": "no timestamps"}', { format: 'openai' })).message).toMatch(/\$\.segments: expected an array of segments/);
  });
  it('unknown JSON and unknown text say which formats are read', () => {
    expect(failure(() => readTranscript('{"text": "hi"}')).code).toBe('FORMAT');
    expect(failure(() => readTranscript('hello world', { file: 'notes.txt' })).message).toMatch(/^notes\.txt: not a transcript this reader knows: expected JSON .*SRT or WebVTT; it starts with 'hello world'/);
  });
  it('subtitle errors give the line of the bad cue', () => {
    const e = failure(() => readTranscript('1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 -> 00:00:04,000\nbad\n', { file: 'x.srt' }));
    expect(e.line).toBe(6);
    expect(e.message).toBe("x.srt: line 6: expected a cue: an index line, then a timing line like '00:00:01,000 --> 00:00:04,000', found '00:00:03,000 -> 00:00:04,000'");
    const v = failure(() => readTranscript('WEBVTT\n\n00:01.000 --> 00:0x.000\nbad\n', { file: 'y.vtt' }));
    expect(v.message).toBe("y.vtt: line 3: expected a cue timing line like '00:00:01.000 --> 00:00:04.000', found '00:01.000 --> 00:0x.000'");
    expect(failure(() => readTranscript('WEBVTT\n\n00:02.000 --> 00:01.000\nbackwards\n')).message).toMatch(/line 3: cue ends \(1 s\) before it starts \(2 s\)/);
  });
});
