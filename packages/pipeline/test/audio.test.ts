import { describe, expect, it } from 'vitest';
import { AudioError, decodeWav, downmix, loadAudio } from '../src/audio/index';

/** Builds a WAV file: format tag, channels, rate, bits, raw sample bytes, optional extra chunk. */
function wav(format: number, channels: number, rate: number, bits: number, data: Uint8Array, opts: { extensible?: boolean; list?: boolean } = {}): Uint8Array {
  const fmtSize = opts.extensible ? 40 : 16;
  const chunks: Uint8Array[] = [];
  const fmt = new Uint8Array(8 + fmtSize);
  const fv = new DataView(fmt.buffer);
  fmt.set(new TextEncoder().encode('fmt '));
  fv.setUint32(4, fmtSize, true);
  fv.setUint16(8, opts.extensible ? 0xfffe : format, true);
  fv.setUint16(10, channels, true);
  fv.setUint32(12, rate, true);
  fv.setUint32(16, rate * channels * (bits / 8), true);
  fv.setUint16(20, channels * (bits / 8), true);
  fv.setUint16(22, bits, true);
  if (opts.extensible) { fv.setUint16(24, 22, true); fv.setUint16(32, format, true); }
  chunks.push(fmt);
  if (opts.list) { const l = new Uint8Array(8 + 3 + 1); l.set(new TextEncoder().encode('LIST')); new DataView(l.buffer).setUint32(4, 3, true); chunks.push(l); }
  const dh = new Uint8Array(8);
  dh.set(new TextEncoder().encode('data'));
  new DataView(dh.buffer).setUint32(4, data.length, true);
  chunks.push(dh, data);
  const total = chunks.reduce((a, c) => a + c.length, 12);
  const out = new Uint8Array(total);
  out.set(new TextEncoder().encode('RIFF'));
  new DataView(out.buffer).setUint32(4, total - 8, true);
  out.set(new TextEncoder().encode('WAVE'), 8);
  let o = 12;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}
const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('decodeWav', () => {
  it('decodes 8/16/24/32-bit PCM and 32/64-bit float with FFmpeg scaling', () => {
    expect(Array.from(decodeWav(wav(1, 1, 16000, 8, new Uint8Array([128, 0, 255]))).samples)).toEqual([0, -1, 127 / 128]);
    expect(Array.from(decodeWav(wav(1, 1, 16000, 16, bytes(new Int16Array([0, -32768, 16384])))).samples)).toEqual([0, -1, 0.5]);
    expect(Array.from(decodeWav(wav(1, 1, 16000, 24, new Uint8Array([0, 0, 0x80, 0xff, 0xff, 0x7f]))).samples)).toEqual([-1, 8388607 / 8388608].map(Math.fround));
    expect(Array.from(decodeWav(wav(1, 1, 16000, 32, bytes(new Int32Array([-2147483648, 1073741824])))).samples)).toEqual([-1, 0.5]);
    expect(Array.from(decodeWav(wav(3, 1, 16000, 32, bytes(new Float32Array([0.25, -0.75])))).samples)).toEqual([0.25, -0.75]);
    expect(Array.from(decodeWav(wav(3, 1, 16000, 64, bytes(new Float64Array([0.1])))).samples)).toEqual([Math.fround(0.1)]);
  });
  it('handles WAVE_FORMAT_EXTENSIBLE and skips LIST chunks (odd size padded)', () => {
    const d = decodeWav(wav(1, 2, 48000, 16, bytes(new Int16Array([16384, -16384, 0, 32767])), { extensible: true, list: true }));
    expect([d.sampleRate, d.channels, d.samples.length]).toEqual([48000, 2, 4]);
    expect(Array.from(downmix(d))).toEqual([0, Math.fround(32767 / 65536)]);
  });
  it('rejects non-WAV, truncated and unsupported files with typed errors', () => {
    const err = (f: () => unknown) => { try { f(); } catch (e) { return e as AudioError; } throw new Error('no error'); };
    expect(err(() => decodeWav(new TextEncoder().encode('ID3 mp3 data here'))).code).toBe('NOT_WAV');
    const good = wav(1, 1, 16000, 16, bytes(new Int16Array(100)));
    expect(err(() => decodeWav(good.subarray(0, good.length - 10))).message).toMatch(/truncated/);
    expect(err(() => decodeWav(good.subarray(0, 30))).code).toBe('CORRUPT');
    expect(err(() => decodeWav(wav(2, 1, 16000, 16, new Uint8Array(4)))).code).toBe('UNSUPPORTED');
  });
});

describe('loadAudio', () => {
  it('takes 16 kHz Float32Array as is, downmixes and resamples WAV like pyannote, rejects empty and NaN input', () => {
    const x = new Float32Array([0.1, 0.2]);
    expect(loadAudio(x)).toBe(x);
    expect(() => loadAudio(new Float32Array(0))).toThrow(/no samples/);
    expect(() => loadAudio(new Float32Array([0, NaN]))).toThrow(/sample 1 is NaN/);
    expect(loadAudio(wav(1, 2, 44100, 16, bytes(new Int16Array(2 * 441))))).toHaveLength(160);
    expect(Array.from(loadAudio(wav(1, 2, 16000, 16, bytes(new Int16Array([16384, 0])))))).toEqual([0.25]);
  });
});
