// WAV (RIFF/WAVE): PCM 8/16/24/32-bit, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE — the built-in
// reader, no FFmpeg needed. The header parser works on the first bytes of a stream, so the same code
// reads whole buffers, files block by block, standard input and FFmpeg's own WAV output.
import { AudioError } from './errors';

export { AudioError } from './errors';

export interface DecodedAudio {
  sampleRate: number;
  channels: number;
  /** Channel-interleaved float32 samples in [−1, 1). */
  samples: Float32Array;
  /** What was odd about the input, e.g. a truncated data chunk (decoded as far as present). */
  warnings?: string[];
}

/** The format and data position of a WAV stream, from its header. */
export interface WavHeader {
  encoding: 'pcm' | 'float';
  bits: number;
  channels: number;
  sampleRate: number;
  /** Bytes per frame (one sample of every channel). */
  blockAlign: number;
  /** Offset of the first sample byte. */
  dataOffset: number;
  /**
   * Declared size of the data chunk in bytes; undefined when the header leaves it open (0 or
   * 0xFFFFFFFF, as streamed WAVs have): read to the end, as FFmpeg's demuxer does.
   */
  dataBytes: number | undefined;
}

const PCM = 1;
const FLOAT = 3;
const EXTENSIBLE = 0xfffe;
const OPEN_SIZE = 0xffffffff;

const tagAt = (b: Uint8Array, o: number) => String.fromCharCode(b[o], b[o + 1], b[o + 2], b[o + 3]);

/**
 * Parses a WAV header from the first bytes of a file: walks the RIFF chunks (fmt, LIST, fact, …,
 * odd sizes padded) up to the start of the data chunk. Returns undefined when `bytes` ends before
 * that and more bytes may follow (`complete` false). Throws `NOT_WAV` for anything but RIFF/WAVE,
 * `CORRUPT` for impossible headers and `UNSUPPORTED` for encodings this reader does not decode
 * (RF64, RIFX, ADPCM, µ-law, … — FFmpeg decodes those).
 */
export function parseWavHeader(bytes: Uint8Array, complete: boolean): WavHeader | undefined {
  const more = (what: string): undefined => {
    if (complete) throw new AudioError('CORRUPT', `WAV header truncated (${what})`);
    return undefined;
  };
  if (bytes.length < 12) return complete ? notWav() : undefined;
  const riff = tagAt(bytes, 0);
  if (tagAt(bytes, 8) !== 'WAVE' || (riff !== 'RIFF' && riff !== 'RIFX' && riff !== 'RF64')) return notWav();
  if (riff !== 'RIFF') throw new AudioError('UNSUPPORTED', `${riff} WAV files are not read by the built-in reader`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: Omit<WavHeader, 'dataOffset' | 'dataBytes'> | undefined;
  let off = 12;
  for (;;) {
    if (off + 8 > bytes.length) return more(fmt ? 'no data chunk' : 'no fmt chunk');
    const id = tagAt(bytes, off);
    const size = view.getUint32(off + 4, true);
    const body = off + 8;
    if (id === 'data') {
      if (!fmt) throw new AudioError('CORRUPT', 'data chunk before fmt chunk');
      return { ...fmt, dataOffset: body, dataBytes: size === 0 || size === OPEN_SIZE ? undefined : size };
    }
    if (id === 'fmt ') {
      if (size < 16) throw new AudioError('CORRUPT', `fmt chunk too short (${size} bytes)`);
      if (body + Math.min(size, 26) > bytes.length) return more('fmt chunk');
      fmt = parseFmt(view, body, size);
    }
    off = body + size + (size & 1);
  }
}

function notWav(): never {
  throw new AudioError('NOT_WAV', 'not a WAV file (no RIFF/WAVE header)');
}

function parseFmt(view: DataView, body: number, size: number): Omit<WavHeader, 'dataOffset' | 'dataBytes'> {
  let format = view.getUint16(body, true);
  const channels = view.getUint16(body + 2, true);
  const sampleRate = view.getUint32(body + 4, true);
  const blockAlign = view.getUint16(body + 12, true);
  const bits = view.getUint16(body + 14, true);
  if (format === EXTENSIBLE) {
    if (size < 40) throw new AudioError('CORRUPT', 'WAVE_FORMAT_EXTENSIBLE fmt chunk too short');
    format = view.getUint16(body + 24, true); // first two bytes of the sub-format GUID
  }
  if (channels === 0 || sampleRate === 0) throw new AudioError('CORRUPT', `invalid fmt: ${channels} channels at ${sampleRate} Hz`);
  const encoding = format === PCM ? 'pcm' : format === FLOAT ? 'float' : undefined;
  if (!encoding) throw new AudioError('UNSUPPORTED', `WAV format tag ${format} is not supported (PCM or IEEE float only)`);
  if (encoding === 'pcm' ? ![8, 16, 24, 32].includes(bits) : ![32, 64].includes(bits)) {
    throw new AudioError('UNSUPPORTED', `${bits}-bit ${encoding === 'pcm' ? 'integer PCM' : 'float'} WAV is not supported`);
  }
  if (blockAlign !== (bits / 8) * channels) throw new AudioError('CORRUPT', `inconsistent fmt: ${bits} bits × ${channels} channels, block align ${blockAlign}`);
  return { encoding, bits, channels, sampleRate, blockAlign };
}

/**
 * Decodes `frames` whole frames starting at byte `offset` of `view` into `out` (interleaved),
 * scaled as FFmpeg/torchcodec do: 8-bit (x − 128)/128, 16-bit /32768, 24-bit /8388608, 32-bit
 * /2147483648; float64 rounded to float32.
 */
export function decodeWavFrames(view: DataView, offset: number, frames: number, header: WavHeader, out: Float32Array): void {
  const n = frames * header.channels;
  if (header.encoding === 'pcm') {
    switch (header.bits) {
      case 8: for (let i = 0; i < n; i++) out[i] = (view.getUint8(offset + i) - 128) / 128; break;
      case 16: for (let i = 0; i < n; i++) out[i] = view.getInt16(offset + 2 * i, true) / 32768; break;
      case 24: for (let i = 0; i < n; i++) { const o = offset + 3 * i; const v = view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16); out[i] = v / 8388608; } break;
      default: for (let i = 0; i < n; i++) out[i] = view.getInt32(offset + 4 * i, true) / 2147483648;
    }
  } else if (header.bits === 32) {
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(offset + 4 * i, true);
  } else {
    for (let i = 0; i < n; i++) out[i] = view.getFloat64(offset + 8 * i, true);
  }
}

/** The warning for a data chunk that ends before its declared size (decoded as far as present). */
export function truncatedDataWarning(header: WavHeader, declared: number, present: number): string {
  const frames = Math.floor(present / header.blockAlign);
  return `WAV data chunk truncated: ${declared} bytes declared, ${present} present; decoded the ${frames} whole frames present (${(frames / header.sampleRate).toFixed(3)} s), as FFmpeg does`;
}

/**
 * Decodes a whole WAV file in memory (see `parseWavHeader` and `decodeWavFrames`). A data chunk
 * shorter than declared is decoded as far as it goes, with a warning in `warnings`.
 */
export function decodeWav(bytes: Uint8Array): DecodedAudio {
  const header = parseWavHeader(bytes, true) as WavHeader;
  const available = bytes.length - header.dataOffset;
  const declared = header.dataBytes ?? available;
  const present = Math.min(declared, available);
  const frames = Math.floor(present / header.blockAlign);
  const samples = new Float32Array(frames * header.channels);
  decodeWavFrames(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), header.dataOffset, frames, header, samples);
  const warnings = present < declared ? [truncatedDataWarning(header, declared, present)] : [];
  return { sampleRate: header.sampleRate, channels: header.channels, samples, warnings };
}

/** Mean over the channels of interleaved frames, in float32 (pyannote `Audio(mono="downmix")`). */
export function downmixFrames(samples: Float32Array, channels: number): Float32Array {
  if (channels === 1) return samples;
  const frames = Math.floor(samples.length / channels);
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += samples[i * channels + c];
    out[i] = s / channels;
  }
  return out;
}

/** Mean over channels in float32 (pyannote `Audio(mono="downmix")`). */
export function downmix(audio: DecodedAudio): Float32Array {
  return downmixFrames(audio.samples, audio.channels);
}
