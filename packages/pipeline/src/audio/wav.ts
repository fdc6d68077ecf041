// WAV (RIFF/WAVE) decoding: PCM 8/16/24/32-bit, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE.
export class AudioError extends Error {
  readonly code: 'NOT_WAV' | 'CORRUPT' | 'UNSUPPORTED' | 'EMPTY' | 'NAN_SAMPLES';
  constructor(code: AudioError['code'], message: string) {
    super(message);
    this.name = 'AudioError';
    this.code = code;
  }
}

export interface DecodedAudio {
  sampleRate: number;
  channels: number;
  /** Channel-interleaved float32 samples in [−1, 1). */
  samples: Float32Array;
}

const PCM = 1;
const FLOAT = 3;
const EXTENSIBLE = 0xfffe;

/**
 * Decodes a WAV file. Integer PCM is scaled as FFmpeg/torchcodec do (8-bit: (x − 128)/128,
 * 16-bit: /32768, 24-bit: /8388608, 32-bit: /2147483648). Walks every RIFF chunk (LIST, fact, …),
 * honours odd-size padding, and rejects non-WAV, truncated or inconsistent files.
 */
export function decodeWav(bytes: Uint8Array): DecodedAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new AudioError('NOT_WAV', 'not a WAV file (no RIFF/WAVE header)');
  let fmt: { format: number; channels: number; rate: number; bits: number; blockAlign: number } | undefined;
  let off = 12;
  while (off + 8 <= bytes.length) {
    const id = tag(off);
    const size = view.getUint32(off + 4, true);
    const body = off + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new AudioError('CORRUPT', `fmt chunk too short (${size} bytes)`);
      let format = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const rate = view.getUint32(body + 4, true);
      const blockAlign = view.getUint16(body + 12, true);
      const bits = view.getUint16(body + 14, true);
      if (format === EXTENSIBLE) {
        if (size < 40 || body + 26 > bytes.length) throw new AudioError('CORRUPT', 'WAVE_FORMAT_EXTENSIBLE fmt chunk too short');
        format = view.getUint16(body + 24, true); // first two bytes of the sub-format GUID
      }
      if (channels === 0 || rate === 0) throw new AudioError('CORRUPT', `invalid fmt: ${channels} channels at ${rate} Hz`);
      fmt = { format, channels, rate, bits, blockAlign };
    } else if (id === 'data') {
      if (!fmt) throw new AudioError('CORRUPT', 'data chunk before fmt chunk');
      const available = Math.min(size, bytes.length - body);
      if (available < size) throw new AudioError('CORRUPT', `data chunk truncated: ${size} bytes declared, ${available} present`);
      return { sampleRate: fmt.rate, channels: fmt.channels, samples: decodeSamples(view, body, size, fmt) };
    }
    off = body + size + (size & 1);
  }
  throw new AudioError('CORRUPT', fmt ? 'no data chunk' : 'no fmt chunk');
}

function decodeSamples(view: DataView, start: number, size: number, fmt: { format: number; channels: number; bits: number; blockAlign: number }): Float32Array {
  const bytesPer = fmt.bits / 8;
  if (!Number.isInteger(bytesPer) || fmt.blockAlign !== bytesPer * fmt.channels) throw new AudioError('CORRUPT', `inconsistent fmt: ${fmt.bits} bits × ${fmt.channels} channels, block align ${fmt.blockAlign}`);
  const n = Math.floor(size / bytesPer);
  const out = new Float32Array(n);
  if (fmt.format === PCM) {
    switch (fmt.bits) {
      case 8: for (let i = 0; i < n; i++) out[i] = (view.getUint8(start + i) - 128) / 128; break;
      case 16: for (let i = 0; i < n; i++) out[i] = view.getInt16(start + 2 * i, true) / 32768; break;
      case 24: for (let i = 0; i < n; i++) { const o = start + 3 * i; const v = view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16); out[i] = v / 8388608; } break;
      case 32: for (let i = 0; i < n; i++) out[i] = view.getInt32(start + 4 * i, true) / 2147483648; break;
      default: throw new AudioError('UNSUPPORTED', `${fmt.bits}-bit integer PCM is not supported`);
    }
  } else if (fmt.format === FLOAT) {
    if (fmt.bits === 32) for (let i = 0; i < n; i++) out[i] = view.getFloat32(start + 4 * i, true);
    else if (fmt.bits === 64) for (let i = 0; i < n; i++) out[i] = view.getFloat64(start + 8 * i, true);
    else throw new AudioError('UNSUPPORTED', `${fmt.bits}-bit float WAV is not supported`);
  } else {
    throw new AudioError('UNSUPPORTED', `WAV format tag ${fmt.format} is not supported (PCM or IEEE float only)`);
  }
  return out;
}

/** Mean over channels in float32 (pyannote `Audio(mono="downmix")`). */
export function downmix(audio: DecodedAudio): Float32Array {
  const { channels, samples } = audio;
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
