import { describe, expect, it } from 'vitest';
import { AudioError, decodeWav, downmix, loadAudio } from '../src/audio/index';
import { bytes, wav } from './make-wav';

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
  it('rejects non-WAV, headerless and unsupported files with typed errors', () => {
    const err = (f: () => unknown) => { try { f(); } catch (e) { return e as AudioError; } throw new Error('no error'); };
    expect(err(() => decodeWav(new TextEncoder().encode('ID3 mp3 data here'))).code).toBe('NOT_WAV');
    const good = wav(1, 1, 16000, 16, bytes(new Int16Array(100)));
    expect(err(() => decodeWav(good.subarray(0, 30))).code).toBe('CORRUPT');
    expect(err(() => decodeWav(wav(2, 1, 16000, 16, new Uint8Array(4)))).code).toBe('UNSUPPORTED');
  });
  it('decodes what a truncated data chunk holds (whole frames), with a warning, as FFmpeg does', () => {
    const good = wav(1, 2, 16000, 16, bytes(Int16Array.from({ length: 200 }, (_, i) => i)));
    const cut = decodeWav(good.subarray(0, good.length - 10)); // 2.5 frames short
    expect(cut.samples.length).toBe(2 * 97);
    expect(Array.from(cut.samples)).toEqual(Array.from(decodeWav(good).samples.subarray(0, 2 * 97)));
    expect(cut.warnings).toEqual(['WAV data chunk truncated: 400 bytes declared, 390 present; decoded the 97 whole frames present (0.006 s), as FFmpeg does']);
    expect(decodeWav(good).warnings).toEqual([]);
  });
});

describe('loadAudio', () => {
  it('takes 16 kHz Float32Array as is, downmixes and resamples WAV like pyannote, rejects NaN and Infinity', async () => {
    const x = new Float32Array([0.1, 0.2]);
    expect(await loadAudio(x)).toBe(x);
    await expect(loadAudio(new Float32Array([0, NaN]))).rejects.toThrow(/sample 1 \(at 0\.000 s\) is NaN/);
    await expect(loadAudio(new Float32Array([0, 0, -Infinity]))).rejects.toMatchObject({ code: 'NON_FINITE' });
    expect(await loadAudio(wav(1, 2, 44100, 16, bytes(new Int16Array(2 * 441))))).toHaveLength(160);
    expect(Array.from(await loadAudio(wav(1, 2, 16000, 16, bytes(new Int16Array([16384, 0])))))).toEqual([0.25]);
  });
  it('gives an empty array for zero-length audio (a WAV without samples, or no samples)', async () => {
    expect(await loadAudio(wav(1, 2, 44100, 16, new Uint8Array(0)))).toHaveLength(0);
    expect(await loadAudio(new Float32Array(0))).toHaveLength(0);
  });
});
