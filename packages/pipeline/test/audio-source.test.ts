import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AudioError, decodeWav, downmix, openAudio, resample, sniffFormat } from '../src/audio/index';
import { readAll, sameBits } from './read-source';
import { bytes, wav } from './make-wav';

const dir = mkdtempSync(join(tmpdir(), 'dia-audio-source-'));

/** 16-bit PCM with a different signal per channel (xorshift noise shaped by a slow sine). */
function pcm16(frames: number, channels: number, seed = 7): Uint8Array {
  const x = new Int16Array(frames * channels);
  let s = seed;
  for (let i = 0; i < x.length; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    x[i] = Math.round(((s / 4294967296) * 2 - 1) * 20000 * Math.abs(Math.sin(i / 3001)));
  }
  return bytes(x);
}

/** The bytes as a stream delivered in chunks of the given sizes (cycled), like a pipe. */
function chunked(data: Uint8Array, sizes: number[]): Readable {
  const parts: Uint8Array[] = [];
  for (let from = 0, i = 0; from < data.length; i++) {
    const n = sizes[i % sizes.length];
    parts.push(data.slice(from, from + n));
    from += n;
  }
  return Readable.from(parts);
}

// 3.3 s of 44.1 kHz stereo: the 16 kHz output is 52 800 samples, not a multiple of the block sizes
const stereo44k = wav(1, 2, 44100, 16, pcm16(145_530, 2));
const stereoPath = join(dir, 'stereo44k.wav');
writeFileSync(stereoPath, stereo44k);
const decoded = decodeWav(stereo44k);
const whole = resample(downmix(decoded), 44100, 16000);

describe('openAudio: WAV block by block, without FFmpeg', () => {
  it.each([160_000, 16_000, 4999, 1])('a 44.1 kHz stereo file in blocks of %i: the blocks joined are bit-identical to decoding, downmixing and resampling it whole', async (blockSize) => {
    const source = await openAudio(stereoPath, { blockSize });
    expect(source.info).toMatchObject({ name: stereoPath, decoder: 'wav', sampleRate: 44100, channels: 2, format: { id: 'wav' } });
    expect([source.sampleRate, source.totalSamples, source.duration]).toEqual([16000, whole.length, whole.length / 16000]);
    const { blocks, joined } = await readAll(source);
    expect(blocks.slice(0, -1).every((b) => b.length === blockSize)).toBe(true);
    expect(blocks.at(-1)?.length).toBe(whole.length - blockSize * (blocks.length - 1));
    expect(sameBits(joined, whole)).toBe(true);
    expect(source.warnings).toEqual([]);
  });

  it('reads a pipe delivering 1, 3, 7 and 1000 bytes at a time (header split across reads) identically; duration from the header, length unknown up front', async () => {
    for (const sizes of [[1000], [7, 3, 1, 65536], [1, 2, 4096]]) {
      const source = await openAudio(chunked(stereo44k, sizes), { blockSize: 16_000 });
      expect([source.info.name, source.totalSamples, source.duration]).toEqual(['standard input', undefined, 145_530 / 44100]);
      expect(sameBits((await readAll(source)).joined, whole)).toBe(true);
    }
  });

  it('hands out the native-rate mono samples (downmixed, before resampling) in order', async () => {
    const native: Float32Array[] = [];
    const source = await openAudio(stereoPath, { onNativeBlock: (x, rate) => { expect(rate).toBe(44100); native.push(x.slice()); } });
    await readAll(source);
    const joined = new Float32Array(native.reduce((a, b) => a + b.length, 0));
    let at = 0;
    for (const b of native) { joined.set(b, at); at += b.length; }
    expect(sameBits(joined, downmix(decoded))).toBe(true);
  });

  it('a truncated WAV (file, bytes or pipe) gives the frames present and a warning naming the input', async () => {
    const cut = stereo44k.subarray(0, stereo44k.length - 1001); // 250.25 frames short
    const path = join(dir, 'cut.wav');
    writeFileSync(path, cut);
    const frames = 145_530 - 251;
    const want = resample(downmix(decodeWav(cut)), 44100, 16000);
    for (const input of [path, cut, chunked(cut, [65536])]) {
      const source = await openAudio(input);
      const { joined } = await readAll(source);
      expect(sameBits(joined, want)).toBe(true);
      expect(source.warnings).toHaveLength(1);
      expect(source.warnings[0]).toMatch(new RegExp(`^(${path}|audio bytes|standard input): WAV data chunk truncated: 582120 bytes declared, 581119 present; decoded the ${frames} whole frames present \\(3\\.294 s\\)`));
      if (input === path) expect(source.totalSamples).toBe(want.length);
    }
  });

  it('a streamed WAV whose data size is left open (0 or 0xFFFFFFFF) is read to the end without a warning', async () => {
    for (const size of [0, 0xffffffff]) {
      const open = stereo44k.slice();
      new DataView(open.buffer).setUint32(40, size, true);
      const source = await openAudio(chunked(open, [4096]));
      expect(sameBits((await readAll(source)).joined, whole)).toBe(true);
      expect(source.warnings).toEqual([]);
    }
  });

  it('NaN or Infinity in a float WAV is a typed error giving the sample, channel and time', async () => {
    const x = new Float32Array(2 * 48000);
    x[2 * 24000 + 1] = Infinity;
    const source = await openAudio(wav(3, 2, 48000, 32, bytes(x)), { name: 'bad.wav' });
    await expect(readAll(source)).rejects.toThrow(new AudioError('NON_FINITE', 'bad.wav: sample 24000 of channel 2 (at 0.500 s) is Infinity: diarization needs finite samples; check how the recording was made or converted'));
    x[2 * 24000 + 1] = NaN;
    await expect(readAll(await openAudio(wav(3, 2, 48000, 32, bytes(x))))).rejects.toMatchObject({ code: 'NON_FINITE', message: /is NaN/ });
  });

  it('zero-length audio gives no blocks; an empty file is an error naming it', async () => {
    const source = await openAudio(wav(1, 1, 8000, 16, new Uint8Array(0)));
    expect(source.totalSamples).toBe(0);
    expect((await readAll(source)).blocks).toEqual([]);
    const empty = join(dir, 'empty.wav');
    writeFileSync(empty, '');
    await expect(openAudio(empty)).rejects.toThrow(`${empty} is empty (0 bytes)`);
  });

  it('is read once; close() stops early and may be repeated', async () => {
    const source = await openAudio(stereoPath, { blockSize: 1000 });
    for await (const block of source) { expect(block.length).toBe(1000); break; }
    expect(() => source[Symbol.asyncIterator]()).toThrow(/read only once/);
    await source.close();
    await source.close();
    const samples = await openAudio(new Float32Array(5), { blockSize: 2 });
    expect((await readAll(samples)).blocks.map((b) => b.length)).toEqual([2, 2, 1]);
  });
});

describe('openAudio without FFmpeg', () => {
  const saved = { PATH: process.env.PATH, DIA_FFMPEG: process.env.DIA_FFMPEG };
  afterEach(() => {
    process.env.PATH = saved.PATH;
    if (saved.DIA_FFMPEG === undefined) delete process.env.DIA_FFMPEG;
    else process.env.DIA_FFMPEG = saved.DIA_FFMPEG;
  });

  it('non-WAV input: a typed error naming the file, the format it looks like and how to install FFmpeg', async () => {
    process.env.PATH = dir; // no ffmpeg here
    delete process.env.DIA_FFMPEG;
    const mp3 = join(dir, 'talk.mp3');
    writeFileSync(mp3, Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00'), Buffer.alloc(100)]));
    const err = await openAudio(mp3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AudioError);
    expect((err as AudioError).code).toBe('FFMPEG_NOT_FOUND');
    expect((err as AudioError).message).toMatch(new RegExp(`^${mp3} looks like MP3 \\(ID3 tag\\): dia reads WAV itself and every other format through FFmpeg, and no ffmpeg was found .*apt-get install ffmpeg.*brew install ffmpeg.*DIA_FFMPEG`));
    // a WAV encoding the built-in reader does not decode (µ-law) needs FFmpeg too; with decoder 'builtin' it is UNSUPPORTED
    const mulaw = wav(7, 1, 8000, 8, new Uint8Array(80));
    await expect(openAudio(mulaw)).rejects.toThrow(/^audio bytes is a WAV file the built-in reader does not decode \(WAV format tag 7 is not supported/);
    await expect(openAudio(mulaw, { decoder: 'builtin' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    // WAV needs no FFmpeg
    expect((await readAll(await openAudio(stereoPath))).joined.length).toBe(whole.length);
  });

  it('DIA_FFMPEG pointing nowhere is an error that names it', async () => {
    process.env.DIA_FFMPEG = join(dir, 'no-such-ffmpeg');
    await expect(openAudio(Buffer.from('OggS' + '\0'.repeat(60)))).rejects.toThrow(`audio bytes: DIA_FFMPEG=${join(dir, 'no-such-ffmpeg')} is not an executable file`);
  });
});

describe('sniffFormat', () => {
  const head = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
  it.each([
    [head('RIFF', [0, 0, 0, 0], 'WAVEfmt '), 'wav', 'WAV'],
    [head('RIFF', [0, 0, 0, 0], 'AVI LIST'), 'avi', 'AVI video'],
    [head('ID3', [4, 0, 0]), 'mp3', 'MP3 (ID3 tag)'],
    [head([0xff, 0xfb, 0x90, 0x64]), 'mp3', 'MPEG audio (MP3)'],
    [head([0xff, 0xf1, 0x50, 0x80]), 'aac', 'AAC (ADTS)'],
    [head([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 0, 0]), 'mp4', "MP4/M4A (ftyp brand 'M4A ')"],
    [head([0, 0, 0, 0x14], 'ftypqt  '), 'mov', "QuickTime MOV (ftyp brand 'qt  ')"],
    [head([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01], 'B\x82\x84webm'), 'webm', 'WebM (Matroska)'],
    [head([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01], 'B\x82\x88matroska'), 'matroska', 'Matroska (MKV/MKA)'],
    [head('OggS', [0, 2], '\0'.repeat(22), 'OpusHead'), 'ogg', 'Ogg Opus'],
    [head('OggS', [0, 2], '\0'.repeat(23), 'vorbis'), 'ogg', 'Ogg Vorbis'],
    [head('fLaC', [0, 0, 0, 0x22]), 'flac', 'FLAC'],
    [head('FORM', [0, 0, 0, 0], 'AIFF'), 'aiff', 'AIFF'],
    [head('hello world'), 'unknown', 'an unknown format'],
  ])('%#: %s', (bytesIn, id, description) => {
    expect(sniffFormat(bytesIn)).toEqual({ id, description });
  });
});
