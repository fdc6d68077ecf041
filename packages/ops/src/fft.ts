import { expectLength } from './errors';
import { native } from './backend';

// Real-input FFT in float64: radix-2 (complex FFT of half size + split) with precomputed twiddles
// for power-of-two sizes, a direct DFT with precomputed tables for other even sizes.

/** Forward real FFT of a fixed size n: `transform(input, re, im)` writes bins 0..n/2. */
export class RealFft {
  readonly size: number;
  private readonly half: number;
  /** Whether the size is a power of two (radix-2 path; otherwise a direct DFT). */
  readonly pow2: boolean;
  /** Bit-reversal permutation of size/2 (power-of-two sizes). */
  readonly bitrev: Uint32Array;
  /** e^{−2πik/n} for k < n: real and imaginary parts. */
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 2 || n % 2 !== 0) throw new RangeError(`FFT size must be an even integer ≥ 2 (got ${n})`);
    this.size = n;
    this.half = n / 2;
    this.pow2 = (n & (n - 1)) === 0;
    // twiddles e^{-2πik/n}, k < n (the half-size complex FFT uses every other one)
    this.cos = new Float64Array(n);
    this.sin = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const a = (2 * Math.PI * k) / n;
      this.cos[k] = Math.cos(a);
      this.sin[k] = -Math.sin(a);
    }
    const h = this.half;
    this.bitrev = new Uint32Array(this.pow2 ? h : 0);
    if (this.pow2) {
      let bits = 0;
      while (1 << bits < h) bits++;
      for (let i = 0; i < h; i++) {
        let r = 0;
        for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b);
        this.bitrev[i] = r;
      }
    }
    this.zr = new Float64Array(h);
    this.zi = new Float64Array(h);
  }

  /** X[k] = Σ_j x[j]·e^{−2πijk/n} for k = 0..n/2 (re and im must hold n/2 + 1 values). */
  transform(x: ArrayLike<number>, re: Float64Array, im: Float64Array): void {
    const n = this.size;
    const h = this.half;
    if (!this.pow2) {
      for (let k = 0; k <= h; k++) {
        let sr = 0;
        let si = 0;
        for (let j = 0; j < n; j++) {
          const t = (j * k) % n;
          sr += x[j] * this.cos[t];
          si += x[j] * this.sin[t];
        }
        re[k] = sr;
        im[k] = si;
      }
      return;
    }
    // pack even/odd samples into a complex sequence of length n/2, bit-reversed
    const zr = this.zr;
    const zi = this.zi;
    const cos = this.cos;
    const sin = this.sin;
    const bitrev = this.bitrev;
    for (let i = 0; i < h; i++) {
      const r = bitrev[i];
      zr[r] = x[2 * i];
      zi[r] = x[2 * i + 1];
    }
    // iterative radix-2 butterflies; twiddle for stage length len is e^{-2πij/len} = cos/sin[j·n/len]
    for (let len = 2; len <= h; len <<= 1) {
      const halfLen = len >> 1;
      const stride = n / len;
      for (let j = 0; j < halfLen; j++) {
        const wr = cos[j * stride];
        const wi = sin[j * stride];
        for (let a = j; a < h; a += len) {
          const b = a + halfLen;
          const br = zr[b];
          const bi = zi[b];
          const tr = br * wr - bi * wi;
          const ti = br * wi + bi * wr;
          const ar = zr[a];
          const ai = zi[a];
          zr[b] = ar - tr;
          zi[b] = ai - ti;
          zr[a] = ar + tr;
          zi[a] = ai + ti;
        }
      }
    }
    // split: X[k] = E[k] + e^{-2πik/n}·O[k], with E, O from Z[k] and conj(Z[h−k])
    for (let k = 0; k <= h; k++) {
      const k1 = k === h ? 0 : k;
      const k2 = k === 0 ? 0 : h - k;
      const ar = zr[k1], ai = zi[k1];
      const br = zr[k2], bi = -zi[k2];
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      const or = 0.5 * (ai - bi);
      const oi = -0.5 * (ar - br);
      const wr = cos[k];
      const wi = sin[k];
      re[k] = er + (or * wr - oi * wi);
      im[k] = ei + (or * wi + oi * wr);
    }
  }
}

/**
 * Spectra of `m` frames of `fft.size` float64 samples (row-major): per bin
 * `mag = f32(√(f32(re)² + f32(im)²))` and `power ? f32(mag²) : mag` (torch's complex abs of a
 * float32 FFT, then `pow(2)`), into `out` (m × (size/2 + 1)). The native backend runs the same
 * algorithm with the same tables, so results are bit-identical.
 */
export function rfftSpectrum(frames: Float64Array, m: number, fft: RealFft, power: boolean, out: Float32Array): Float32Array {
  const n = fft.size;
  const bins = n / 2 + 1;
  expectLength('rfftSpectrum', 'frames', frames, m * n);
  expectLength('rfftSpectrum', 'out', out, m * bins);
  if (native && fft.pow2) {
    native.rfftSpectrum(frames, m, n, fft.cos, fft.sin, fft.bitrev, power, out);
    return out;
  }
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  for (let f = 0; f < m; f++) {
    fft.transform(frames.subarray(f * n, (f + 1) * n), re, im);
    for (let k = 0; k < bins; k++) {
      const r = Math.fround(re[k]);
      const i = Math.fround(im[k]);
      const mag = Math.fround(Math.sqrt(r * r + i * i));
      out[f * bins + k] = power ? Math.fround(mag * mag) : mag;
    }
  }
  return out;
}
