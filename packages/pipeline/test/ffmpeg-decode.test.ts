import { beforeAll, describe, expect, it } from 'vitest';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '@dia/fixtures';
import { AudioError, loadAudio, openAudio, resample, type AudioSource, type OpenAudioOptions } from '../src/audio/index';
import { downmixFrames } from '../src/audio/wav';
import { encode, encodeDir, ffmpegRaw, withoutFfmpeg } from './ffmpeg-helpers';
import { readAll, sameBits } from './read-source';

async function read(input: Parameters<typeof openAudio>[0], options: OpenAudioOptions = {}): Promise<{ source: AudioSource; samples: Float32Array }> {
  const source = await openAudio(input, options);
  return { source, samples: (await readAll(source)).joined };
}

/** Largest normalised cross-correlation of `a` with `b` over lags in ±maxLag, and that lag. */
function bestCorrelation(a: Float32Array, b: Float32Array, maxLag: number): { r: number; lag: number } {
  let best = { r: -1, lag: 0 };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let ab = 0, aa = 0, bb = 0;
    for (let i = Math.max(0, -lag); i < a.length && i + lag < b.length; i++) {
      const x = a[i], y = b[i + lag];
      ab += x * y; aa += x * x; bb += y * y;
    }
    const r = ab / Math.sqrt(aa * bb);
    if (r > best.r) best = { r, lag };
  }
  return best;
}

// Six seconds of fixture 02 (16 kHz mono speech), re-encoded by ffmpeg in set-up.
const SECONDS = 6;
const mix = { stereo: 'pan=stereo|c0=c0|c1=0.5*c0', '5.1': 'pan=5.1|c0=c0|c1=0.9*c0|c2=0.8*c0|c3=0.1*c0|c4=0.6*c0|c5=-0.5*c0' };

describe.skipIf(withoutFfmpeg)('decoding through FFmpeg (real encodes made by ffmpeg)', () => {
  const dir = encodeDir();
  const clip = join(dir, 'clip.wav');
  let original: Float32Array;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    encode(['-i', fixture('02').path('clip_16k.wav'), '-t', String(SECONDS), '-c:a', 'pcm_s16le'], clip);
    original = await loadAudio(clip);
    const from = (name: string, args: string[]) => { files[name] = encode(['-i', clip, ...args], join(dir, name)); };
    from('mono-8k.mp3', ['-ar', '8000', '-c:a', 'libmp3lame', '-b:a', '32k']);
    from('stereo-44k.mp3', ['-af', mix.stereo, '-ar', '44100', '-c:a', 'libmp3lame', '-b:a', '128k']);
    from('stereo-48k.m4a', ['-af', mix.stereo, '-ar', '48000', '-c:a', 'aac', '-b:a', '128k']);
    from('5.1-48k.m4a', ['-af', mix['5.1'], '-ar', '48000', '-c:a', 'aac', '-b:a', '256k']);
    from('mono-16k.flac', ['-c:a', 'flac']);
    from('mono.opus', ['-c:a', 'libopus', '-b:a', '48k']);
    from('stereo-22k.ogg', ['-af', mix.stereo, '-ar', '22050', '-c:a', 'libvorbis', '-q:a', '6']);
    from('stereo.webm', ['-af', mix.stereo, '-c:a', 'libopus', '-b:a', '64k']);
    files['video.mp4'] = encode(['-f', 'lavfi', '-i', `color=c=blue:s=96x64:r=5:d=${SECONDS}`, '-i', clip, '-shortest', '-c:v', 'mpeg4', '-ar', '44100', '-c:a', 'aac', '-b:a', '96k'], join(dir, 'video.mp4'));
    files['video.mkv'] = encode(['-f', 'lavfi', '-i', `color=c=red:s=96x64:r=5:d=${SECONDS}`, '-i', clip, '-shortest', '-c:v', 'mpeg4', '-af', mix.stereo, '-c:a', 'flac'], join(dir, 'video.mkv'));
    // WAV encodings, and FLAC made from them, for the bit-exactness checks
    from('u8-mono-8k.wav', ['-ar', '8000', '-c:a', 'pcm_u8']);
    from('s16-stereo-44k.wav', ['-af', mix.stereo, '-ar', '44100', '-c:a', 'pcm_s16le']);
    from('s24-5.1-22k.wav', ['-af', mix['5.1'], '-ar', '22050', '-c:a', 'pcm_s24le']);
    from('s32-mono-48k.wav', ['-ar', '48000', '-c:a', 'pcm_s32le']);
    from('f32-stereo-16k.wav', ['-af', mix.stereo, '-c:a', 'pcm_f32le']);
    from('f64-mono-44k.wav', ['-ar', '44100', '-c:a', 'pcm_f64le']);
    from('mulaw-8k.wav', ['-ar', '8000', '-c:a', 'pcm_mulaw']);
    files['s16-stereo-44k.flac'] = encode(['-i', files['s16-stereo-44k.wav'], '-c:a', 'flac'], join(dir, 's16-stereo-44k.flac'));
    files['s24-5.1-22k.flac'] = encode(['-i', files['s24-5.1-22k.wav'], '-c:a', 'flac'], join(dir, 's24-5.1-22k.flac'));
  });

  const compressed: [string, number, number][] = [
    ['mono-8k.mp3', 8000, 1], ['stereo-44k.mp3', 44100, 2], ['stereo-48k.m4a', 48000, 2], ['5.1-48k.m4a', 48000, 6], ['mono-16k.flac', 16000, 1],
    ['mono.opus', 48000, 1], ['stereo-22k.ogg', 22050, 2], ['stereo.webm', 48000, 2], ['video.mp4', 44100, 1], ['video.mkv', 16000, 2],
  ];
  it.each(compressed)('%s (%i Hz, %i channels): rate and channels from the stream header; samples = FFmpeg\'s own f32 decode, downmixed and resampled; the speech is there', async (name, rate, channels) => {
    const { source, samples } = await read(files[name], { blockSize: 7000 });
    expect(source.info).toMatchObject({ decoder: 'ffmpeg', sampleRate: rate, channels });
    const raw = ffmpegRaw(files[name]);
    expect([raw.sampleRate, raw.channels]).toEqual([rate, channels]);
    expect(sameBits(samples, resample(downmixFrames(raw.samples, channels), rate, 16000))).toBe(true);
    // the container's duration (ffprobe) is known up front, the exact length is not
    expect(source.totalSamples).toBeUndefined();
    expect(Math.abs((source.duration as number) - SECONDS)).toBeLessThan(0.05 * SECONDS);
    expect(Math.abs(samples.length / 16000 - SECONDS)).toBeLessThan(0.1);
    const { r, lag } = bestCorrelation(original.subarray(16000, 64000), samples.subarray(16000, 64000), 400);
    console.log(`${name}: ${samples.length} samples at 16 kHz, correlation with the original ${r.toFixed(4)} at lag ${lag}`);
    expect(Math.abs(lag)).toBeLessThanOrEqual(1);
    expect(r).toBeGreaterThan(name.endsWith('.flac') || name.endsWith('.mkv') ? 0.9999 : 0.9);
    expect(source.warnings).toEqual([]);
  });

  it.each([
    ['u8-mono-8k.wav'], ['s16-stereo-44k.wav'], ['s24-5.1-22k.wav'], ['s32-mono-48k.wav'], ['f32-stereo-16k.wav'], ['f64-mono-44k.wav'],
  ])('%s: through FFmpeg bit-identical to the built-in reader', async (name) => {
    const builtin = await read(files[name]);
    const viaFfmpeg = await read(files[name], { decoder: 'ffmpeg' });
    expect([builtin.source.info.decoder, viaFfmpeg.source.info.decoder]).toEqual(['wav', 'ffmpeg']);
    expect(viaFfmpeg.source.info.sampleRate).toBe(builtin.source.info.sampleRate);
    expect(viaFfmpeg.source.info.channels).toBe(builtin.source.info.channels);
    expect(builtin.samples.length).toBeGreaterThan(0);
    expect(sameBits(viaFfmpeg.samples, builtin.samples)).toBe(true);
  });

  it.each([['s16-stereo-44k'], ['s24-5.1-22k']])('%s.flac: bit-identical to the WAV it was made from (built-in reader)', async (name) => {
    const flac = await read(files[`${name}.flac`]);
    const wav = await read(files[`${name}.wav`]);
    expect(flac.source.info).toMatchObject({ decoder: 'ffmpeg', format: { id: 'flac' } });
    expect(sameBits(flac.samples, wav.samples)).toBe(true);
  });

  it('a WAV encoding the built-in reader does not decode (µ-law) goes through FFmpeg', async () => {
    const { source, samples } = await read(files['mulaw-8k.wav']);
    expect(source.info).toMatchObject({ decoder: 'ffmpeg', format: { id: 'wav' }, sampleRate: 8000, channels: 1 });
    expect(bestCorrelation(original.subarray(16000, 64000), samples.subarray(16000, 64000), 2).r).toBeGreaterThan(0.99);
  });

  it('from a pipe or bytes (copied to a temporary file for ffmpeg): the same samples and duration estimate as from the path', async () => {
    // from a pipe ffmpeg would keep an MP3's end padding and fail on an MP4 indexed at the end
    for (const name of ['stereo-44k.mp3', 'stereo-48k.m4a']) {
      const fromPath = await read(files[name]);
      const piped = await read(createReadStream(files[name], { highWaterMark: 4096 }));
      expect(piped.source.info.name).toBe('standard input');
      expect(piped.source.duration).toBe(fromPath.source.duration);
      expect(sameBits(piped.samples, fromPath.samples)).toBe(true);
      const bytes = await read(readFileSync(files[name]));
      expect(sameBits(bytes.samples, fromPath.samples)).toBe(true);
    }
  });

  it('a video without sound, and data FFmpeg cannot read, are typed errors naming the file', async () => {
    const silent = encode(['-f', 'lavfi', '-i', 'color=c=green:s=64x64:r=5:d=1', '-c:v', 'mpeg4'], join(dir, 'silent.mp4'));
    await expect(openAudio(silent)).rejects.toThrow(new AudioError('NO_AUDIO_STREAM', `${silent} has no audio stream`));
    const garbage = join(dir, 'noise.dat');
    writeFileSync(garbage, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    const err = await openAudio(garbage).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FFMPEG_FAILED' });
    expect((err as Error).message).toMatch(new RegExp(`^ffmpeg could not decode ${garbage} \\(exit \\d+\\): .+`));
  });

  it('a truncated MP3 decodes as far as it goes', async () => {
    const full = readFileSync(files['stereo-44k.mp3']);
    const cut = join(dir, 'cut.mp3');
    writeFileSync(cut, full.subarray(0, Math.floor(full.length / 2)));
    const { samples } = await read(cut);
    expect(samples.length / 16000).toBeGreaterThan(SECONDS / 2 - 0.2);
    expect(samples.length / 16000).toBeLessThan(SECONDS / 2 + 0.2);
  });
});
