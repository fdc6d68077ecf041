// The parts of a job that need no Redis: options, content-derived ids, failure classes, audio
// names, atomic output files.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioError, InferenceError, PipelineError } from '@dia/pipeline';
import {
  audioStem, canonicalJobOptions, classifyFailure, contentJobId, formatFailureReason, openAudio, parseFailureReason, QueueError,
  redisConnection, sha256File, validateJobData, validateJobOptions, writeFileAtomic,
} from '../src/index';

const HASH = 'a'.repeat(64);

describe('job options', () => {
  it('are checked as diarize() checks them, and unknown keys are refused', () => {
    expect(validateJobOptions({ numSpeakers: 2, uri: 'call-7' })).toEqual({ numSpeakers: 2, uri: 'call-7' });
    expect(validateJobOptions(undefined)).toEqual({});
    for (const [bad, message] of [
      [{ numSpeakers: 0 }, 'numSpeakers must be a positive integer (got 0)'],
      [{ maxSpeakers: 2.5 }, 'maxSpeakers must be a positive integer (got 2.5)'],
      [{ minSpeakers: '2' }, 'minSpeakers must be a positive integer (got "2")'],
      [{ minSpeakers: 3, maxSpeakers: 2 }, 'minSpeakers must be smaller than (or equal to) maxSpeakers (here: minSpeakers=3 and maxSpeakers=2)'],
      [{ uri: 'two words' }, 'uri must be a non-empty string without spaces (RTTM fields are space-separated; got "two words")'],
      [{ speakers: 2 }, "unknown option 'speakers' (known: batchSize, maxSpeakers, minSpeakers, numSpeakers, uri)"],
    ] as const) {
      expect(() => validateJobOptions(bad), JSON.stringify(bad)).toThrow(new QueueError('INVALID_OPTIONS', message));
    }
  });

  it('job data from any producer is checked field by field', () => {
    expect(validateJobData({ audio: '/a.wav', options: {}, audioSha256: HASH })).toEqual({ audio: '/a.wav', options: {}, audioSha256: HASH });
    expect(() => validateJobData({ options: {} })).toThrow(/'audio' must be a path or an http\(s\) URL/);
    expect(() => validateJobData({ audio: '/a.wav', audioSha256: 'abc' })).toThrow(/64 lowercase hex digits/);
    expect(() => validateJobData(null)).toThrow(QueueError);
  });

  it('canonical options ignore key order and absent values; content ids follow audio and options', () => {
    expect(canonicalJobOptions({ uri: 'x', numSpeakers: 2 })).toBe(canonicalJobOptions({ numSpeakers: 2, uri: 'x', maxSpeakers: undefined }));
    const id = contentJobId(HASH, { numSpeakers: 2, uri: 'x' });
    expect(id).toMatch(/^dia-[0-9a-f]{64}$/);
    expect(contentJobId(HASH, { uri: 'x', numSpeakers: 2 })).toBe(id);
    expect(contentJobId(HASH, { numSpeakers: 3, uri: 'x' })).not.toBe(id);
    expect(contentJobId('b'.repeat(64), { numSpeakers: 2, uri: 'x' })).not.toBe(id);
    expect(contentJobId(HASH, {})).not.toBe(contentJobId(HASH, { uri: 'clip' }));
  });
});

describe('failures', () => {
  it('input errors are final, everything else is retried', () => {
    const final = [
      new AudioError('NOT_WAV', 'not a WAV file (no RIFF/WAVE header)'),
      new AudioError('FFMPEG_FAILED', 'ffmpeg could not decode x.m4a (exit 1): Invalid data found when processing input'),
      new PipelineError('INVALID_OPTION', 'bad'),
      new InferenceError('NON_FINITE_OUTPUT', 'NaN in chunk 3'),
      new QueueError('AUDIO_NOT_FOUND', 'cannot read audio /x.wav: ENOENT'),
      new QueueError('DOWNLOAD_REFUSED', 'HTTP 404'),
    ];
    for (const err of final) expect(classifyFailure(err), err.message).toEqual({ code: err.code, message: err.message, retryable: false });
    const retried = [new QueueError('DOWNLOAD_FAILED', 'HTTP 503'), new QueueError('THREAD_EXITED', 'exited with code 1'), new Error('onnxruntime: bad_alloc'), new InferenceError('ABORTED', 'aborted'), new AudioError('FFMPEG_NOT_FOUND', 'ffmpeg is not installed on this worker')];
    for (const err of retried) expect(classifyFailure(err).retryable, err.message).toBe(true);
  });

  it('a failed reason carries the code and splits back', () => {
    const reason = formatFailureReason({ code: 'NOT_WAV', message: 'not a WAV file: no RIFF' });
    expect(reason).toBe('NOT_WAV: not a WAV file: no RIFF');
    expect(parseFailureReason(reason)).toEqual({ code: 'NOT_WAV', message: 'not a WAV file: no RIFF' });
    expect(parseFailureReason('job stalled more than allowable limit')).toEqual({ code: undefined, message: 'job stalled more than allowable limit' });
  });
});

describe('audio', () => {
  it('the default uri is the file name without extension, for paths and URLs', () => {
    expect(audioStem('/data/calls/2024-01-03.wav')).toBe('2024-01-03');
    expect(audioStem('C:\\audio\\meeting.final.wav')).toBe('meeting.final');
    expect(audioStem('https://example.org/a/b/interview%20one.wav?sig=1')).toBe('interview one');
    expect(audioStem('https://example.org/')).toBe('audio');
  });

  it('a missing path is AUDIO_NOT_FOUND; sha256File hashes the bytes', async () => {
    await expect(openAudio('/nonexistent/a.wav')).rejects.toMatchObject({ code: 'AUDIO_NOT_FOUND' });
    await expect(openAudio(tmpdir())).rejects.toThrow(/is not a file/);
    const dir = mkdtempSync(join(tmpdir(), 'dia-queue-hash-'));
    writeFileSync(join(dir, 'abc'), 'abc');
    expect(await sha256File(join(dir, 'abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('writeFileAtomic replaces a file whole and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-queue-atomic-'));
    const path = join(dir, 'nested', 'x.rttm');
    await writeFileAtomic(path, 'first\n');
    await writeFileAtomic(path, 'second\n');
    expect(readFileSync(path, 'utf8')).toBe('second\n');
    expect(readdirSync(join(dir, 'nested'))).toEqual(['x.rttm']);
    await expect(writeFileAtomic(join(path, 'under-a-file'), 'x')).rejects.toThrow();
    expect(readdirSync(join(dir, 'nested'))).toEqual(['x.rttm']);
  });
});

describe('redis URLs', () => {
  it('redis:// and rediss:// with a database number are accepted; anything else is INVALID_REDIS_URL', () => {
    expect(redisConnection('redis://user:pw@cache:6380/2')).toEqual({ url: 'redis://user:pw@cache:6380/2' });
    expect(redisConnection('rediss://cache')).toEqual({ url: 'rediss://cache' });
    for (const bad of ['cache:6379', 'http://cache:6379', 'redis://cache/queue']) expect(() => redisConnection(bad), bad).toThrow(expect.objectContaining({ code: 'INVALID_REDIS_URL' }));
  });
});
