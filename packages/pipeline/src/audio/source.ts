// Block-wise reading: any recording → 16 kHz mono float32 blocks, read, downmixed and resampled a
// block at a time (pyannote.audio 4.0.4 core/io.py `Audio.__call__`: decode, `mono="downmix"`,
// `torchaudio.functional.resample`), so a recording of many hours never sits in memory whole.
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CHUNK_SAMPLES, SAMPLE_RATE } from '../geometry/sliding-window';
import { AudioError } from './errors';
import { ffmpegMissingError, findFfmpeg, findFfprobe, probeDuration, spawnFfmpegDecoder, type FfmpegDecoder } from './ffmpeg';
import { Resampler, resampledLength } from './resample';
import { SNIFF_BYTES, sniffFormat, type SniffedFormat } from './sniff';
import { downmixFrames, type WavHeader } from './wav';
import { ByteReader, parseHeader, pcmFrames } from './wav-stream';

/** A recording: a file path, the file's bytes, a byte stream (e.g. `process.stdin`), or 16 kHz mono samples. */
export type AudioInput = string | Uint8Array | Float32Array | AsyncIterable<Uint8Array>;

export interface OpenAudioOptions {
  /** 16 kHz samples per block (every block but the last has exactly this many). Default 160 000 (10 s). */
  blockSize?: number;
  /** How the recording is named in messages. Default: the path, "audio bytes" or "standard input". */
  name?: string;
  /**
   * `auto` (default): WAV through the built-in reader, everything else (and WAV encodings it does not
   * decode) through FFmpeg; `ffmpeg`: everything through FFmpeg; `builtin`: WAV only, never FFmpeg.
   */
  decoder?: 'auto' | 'ffmpeg' | 'builtin';
  /**
   * Receives every block of native-rate mono samples (after the downmix, before resampling), in
   * order, before the 16 kHz samples it completes are yielded. pyannote's embedding stage resamples
   * each 10 s crop of the native-rate signal on its own (`Audio.crop`), which needs these.
   */
  onNativeBlock?: (samples: Float32Array, sampleRate: number) => void;
}

/** What a source decodes. */
export interface AudioSourceInfo {
  /** The name used in messages. */
  name: string;
  /** What the leading bytes look like (`{ id: 'samples' }` for a Float32Array). */
  format: SniffedFormat;
  /** Who decodes: the built-in WAV reader, FFmpeg, or nobody (16 kHz samples given). */
  decoder: 'wav' | 'ffmpeg' | 'samples';
  /** Native sample rate and channel count. */
  sampleRate: number;
  channels: number;
}

/**
 * A recording as 16 kHz mono float32 blocks, read once, in order (`for await (const block of source)`).
 * Concatenated, the blocks are exactly what decoding, downmixing and resampling the whole recording
 * at once gives. Blocks are fresh arrays (or, for a Float32Array input, views of it) that the
 * consumer may keep.
 */
export interface AudioSource extends AsyncIterable<Float32Array> {
  /** Always 16 000. */
  readonly sampleRate: number;
  readonly info: AudioSourceInfo;
  /** The exact number of samples the blocks hold, when known before reading (WAV files and bytes, samples); else undefined. */
  readonly totalSamples: number | undefined;
  /** Duration in seconds: exact with `totalSamples`; else the container's estimate (FFmpeg on a file); else undefined (a pipe). */
  readonly duration: number | undefined;
  /** What was odd about the input (a truncated WAV, FFmpeg's decoding errors). Complete once the blocks are read. */
  readonly warnings: string[];
  /** Stops reading early: ends FFmpeg and closes the file. Safe to call at any time, more than once. */
  close(): Promise<void>;
}

/** Index of the first NaN/±Infinity in `x`, or −1. */
function firstNonFinite(x: Float32Array): number {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v - v !== 0) return i;
  }
  return -1;
}

function nonFiniteError(name: string, value: number, frame: number, channel: number, channels: number, rate: number): AudioError {
  const where = channels > 1 ? `sample ${frame} of channel ${channel + 1}` : `sample ${frame}`;
  return new AudioError('NON_FINITE', `${name}: ${where} (at ${(frame / rate).toFixed(3)} s) is ${value}: diarization needs finite samples; check how the recording was made or converted`);
}

/** Cuts a stream of arrays into blocks of exactly `size` samples (the last one shorter). */
class Blocks {
  private block: Float32Array;
  private filled = 0;
  constructor(private readonly size: number) {
    this.block = new Float32Array(size);
  }

  *add(x: Float32Array): Generator<Float32Array> {
    let from = 0;
    while (from < x.length) {
      const n = Math.min(this.size - this.filled, x.length - from);
      this.block.set(x.subarray(from, from + n), this.filled);
      this.filled += n;
      from += n;
      if (this.filled === this.size) {
        yield this.block;
        this.block = new Float32Array(this.size);
        this.filled = 0;
      }
    }
  }

  *finish(): Generator<Float32Array> {
    if (this.filled > 0) yield this.block.slice(0, this.filled);
    this.filled = 0;
  }
}

interface Decoded {
  info: AudioSourceInfo;
  header: WavHeader;
  frames: AsyncGenerator<Float32Array>;
  /** Native frames the data holds, when known before reading. */
  totalFrames: number | undefined;
  duration: Promise<number | undefined>;
  /** Runs after the last frame (FFmpeg's exit status and messages). */
  finish(): Promise<void>;
  close(): Promise<void>;
}

class BlockSource implements AudioSource {
  readonly sampleRate = SAMPLE_RATE;
  private started = false;

  constructor(
    readonly info: AudioSourceInfo,
    readonly totalSamples: number | undefined,
    readonly duration: number | undefined,
    readonly warnings: string[],
    private readonly produce: () => AsyncGenerator<Float32Array>,
    private readonly release: () => Promise<void>,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<Float32Array> {
    if (this.started) throw new Error(`${this.info.name}: an AudioSource can be read only once`);
    this.started = true;
    return this.produce();
  }

  close(): Promise<void> {
    return this.release();
  }
}

function samplesSource(samples: Float32Array, name: string, blockSize: number): AudioSource {
  const info: AudioSourceInfo = { name, format: { id: 'samples', description: '16 kHz mono float32 samples' }, decoder: 'samples', sampleRate: SAMPLE_RATE, channels: 1 };
  return new BlockSource(info, samples.length, samples.length / SAMPLE_RATE, [], async function* () {
    const bad = firstNonFinite(samples);
    if (bad >= 0) throw nonFiniteError(name, samples[bad], bad, 0, 1, SAMPLE_RATE);
    for (let from = 0; from < samples.length; from += blockSize) yield samples.subarray(from, Math.min(samples.length, from + blockSize));
  }, async () => undefined);
}

function withName(err: unknown, name: string): unknown {
  return err instanceof AudioError ? new AudioError(err.code, `${name}: ${err.message}`) : err;
}

async function decodeWithBuiltin(reader: ByteReader, header: WavHeader, info: AudioSourceInfo, byteLength: number | undefined, warnings: string[]): Promise<Decoded> {
  const present = byteLength === undefined ? undefined : Math.max(0, byteLength - header.dataOffset);
  const declared = header.dataBytes ?? present;
  return {
    info,
    header,
    frames: pcmFrames(reader.rest(header.dataOffset), header, warnings, info.name),
    totalFrames: present === undefined ? undefined : Math.floor(Math.min(declared ?? present, present) / header.blockAlign),
    duration: Promise.resolve(declared === undefined ? undefined : Math.floor(declared / header.blockAlign) / header.sampleRate),
    finish: async () => undefined,
    close: () => reader.close(),
  };
}

/**
 * Copies bytes to a temporary file for FFmpeg: from a pipe it cannot seek, so it would fail on an MP4
 * whose index sits at the end and keep an MP3's end padding that it trims when reading the file.
 */
async function spool(bytes: AsyncIterable<Uint8Array>): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'dia-audio-'));
  const path = join(dir, 'input');
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(bytes, createWriteStream(path));
  } catch (err) {
    await remove();
    throw err;
  }
  return { path, remove };
}

async function decodeWithFfmpeg(ffmpeg: string, name: string, format: SniffedFormat, path: string | undefined, reader: ByteReader, warnings: string[]): Promise<Decoded> {
  const spooled = path === undefined ? await spool(reader.rest()) : undefined;
  await reader.close();
  const file = path ?? (spooled as { path: string }).path;
  const decoder: FfmpegDecoder = spawnFfmpegDecoder(ffmpeg, file, name);
  const out = new ByteReader(decoder.output[Symbol.asyncIterator]());
  const close = async () => {
    decoder.kill();
    await out.close();
    await spooled?.remove();
  };
  let header: WavHeader;
  try {
    header = await parseHeader(out);
  } catch (err) {
    // no WAV header from ffmpeg: its exit status says why
    const failure = await decoder.finished.then(() => undefined, (e: unknown) => e);
    await close();
    throw failure ?? withName(err, `ffmpeg's output for ${name}`);
  }
  const ffprobe = findFfprobe(ffmpeg);
  return {
    info: { name, format, decoder: 'ffmpeg', sampleRate: header.sampleRate, channels: header.channels },
    header,
    frames: pcmFrames(out.rest(header.dataOffset), header, warnings, name),
    totalFrames: undefined,
    duration: ffprobe !== undefined ? probeDuration(ffprobe, file) : Promise.resolve(undefined),
    async finish() {
      for (const line of await decoder.finished) warnings.push(`${name}: ffmpeg: ${line}`);
    },
    close,
  };
}

/** Routes the bytes: WAV to the built-in reader, anything else (or on request) to FFmpeg. */
async function chooseDecoder(reader: ByteReader, name: string, path: string | undefined, byteLength: number | undefined, mode: 'auto' | 'ffmpeg' | 'builtin', warnings: string[]): Promise<Decoded> {
  await reader.fill(SNIFF_BYTES);
  if (reader.pending.length === 0) {
    await reader.close();
    throw new AudioError('CORRUPT', `${name} is empty (0 bytes)`);
  }
  const format = sniffFormat(reader.pending);
  let why = `looks like ${format.description}`;
  if (format.id === 'wav' && mode !== 'ffmpeg') {
    try {
      const header = await parseHeader(reader);
      return await decodeWithBuiltin(reader, header, { name, format, decoder: 'wav', sampleRate: header.sampleRate, channels: header.channels }, byteLength, warnings);
    } catch (err) {
      if (!(err instanceof AudioError) || err.code !== 'UNSUPPORTED' || mode === 'builtin') {
        await reader.close();
        throw withName(err, name);
      }
      why = `is a WAV file the built-in reader does not decode (${err.message})`;
    }
  }
  if (mode === 'builtin') {
    await reader.close();
    throw new AudioError('NOT_WAV', `${name} is not a WAV file (it looks like ${format.description})`);
  }
  let ffmpeg: string | undefined;
  try {
    ffmpeg = findFfmpeg();
  } catch (err) {
    await reader.close();
    throw withName(err, name);
  }
  if (!ffmpeg) {
    await reader.close();
    throw ffmpegMissingError(name, format, why);
  }
  return decodeWithFfmpeg(ffmpeg, name, format, path, reader, warnings);
}

/**
 * Opens a recording for block-wise reading: WAV through the built-in reader (no FFmpeg), anything
 * else FFmpeg decodes (MP3, AAC/M4A/MP4, FLAC, Ogg Opus/Vorbis, WebM/Matroska, video files with an
 * audio track, …) through the system's `ffmpeg` ($DIA_FFMPEG, else PATH). Resolves once the
 * stream header is read (rate, channels); the blocks follow as the consumer iterates. Read the
 * source to its end or `close()` it.
 */
export async function openAudio(input: AudioInput, options: OpenAudioOptions = {}): Promise<AudioSource> {
  const blockSize = options.blockSize ?? CHUNK_SAMPLES;
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`blockSize must be a positive integer (got ${blockSize})`);
  const path = typeof input === 'string' ? input : undefined;
  const name = options.name ?? path ?? (input instanceof Uint8Array ? 'audio bytes' : input instanceof Float32Array ? 'samples' : 'standard input');
  if (input instanceof Float32Array) return samplesSource(input, name, blockSize);
  const byteLength = path !== undefined ? statSync(path).size : input instanceof Uint8Array ? input.length : undefined;
  const chunks: AsyncIterable<Uint8Array> =
    path !== undefined ? createReadStream(path, { highWaterMark: 1 << 20 }) : input instanceof Uint8Array ? (async function* () { yield input; })() : (input as AsyncIterable<Uint8Array>);
  const warnings: string[] = [];
  const decoded = await chooseDecoder(new ByteReader(chunks[Symbol.asyncIterator]()), name, path, byteLength, options.decoder ?? 'auto', warnings);
  const { header } = decoded;
  const totalSamples = decoded.totalFrames === undefined ? undefined : resampledLength(decoded.totalFrames, header.sampleRate, SAMPLE_RATE);
  const duration = totalSamples !== undefined ? totalSamples / SAMPLE_RATE : await decoded.duration;
  const onNative = options.onNativeBlock;
  return new BlockSource(decoded.info, totalSamples, duration, warnings, async function* () {
    const resampler = new Resampler(header.sampleRate, SAMPLE_RATE);
    const blocks = new Blocks(blockSize);
    let frame = 0;
    try {
      for await (const frames of decoded.frames) {
        if (header.encoding === 'float') {
          const bad = firstNonFinite(frames);
          if (bad >= 0) throw nonFiniteError(name, frames[bad], frame + Math.floor(bad / header.channels), bad % header.channels, header.channels, header.sampleRate);
        }
        frame += frames.length / header.channels;
        const mono = downmixFrames(frames, header.channels);
        onNative?.(mono, header.sampleRate);
        yield* blocks.add(resampler.push(mono));
      }
      await decoded.finish();
      yield* blocks.add(resampler.flush());
      yield* blocks.finish();
    } finally {
      await decoded.close();
    }
  }, decoded.close);
}
