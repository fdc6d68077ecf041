// Triangular mel filterbank of torchaudio `get_mel_banks` (float32 arithmetic, vtln_warp = 1).
import { torchLogf } from './logf';

const f32 = Math.fround;

/** Kaldi mel scale, `1127·ln(1 + f/700)` in float64 (torchaudio `mel_scale_scalar`). */
export function melScale(freq: number): number {
  return 1127.0 * Math.log(1.0 + freq / 700.0);
}

/**
 * The (numBins × paddedSize/2+1) mel weights of torchaudio, as float32: bin edges
 * `mlo + m·Δ` evaluated in float32 from the float64 scalars, FFT-bin mels `1127·ln(1 + f/700)` in
 * float32 with torch's own float32 logarithm (`torchLogf`), slopes in float32, clipped at 0; the
 * Nyquist column is zero. Bit-identical to torch 1.13 on x86-64. (A float64 bank moves the log-mel
 * features by up to 4e-4.)
 */
export function melBanks(numBins: number, paddedSize: number, sampleFrequency: number, lowFreq: number, highFreq: number): Float32Array {
  const numFftBins = paddedSize / 2;
  const nyquist = 0.5 * sampleFrequency;
  const high = highFreq <= 0 ? highFreq + nyquist : highFreq;
  const binWidth = sampleFrequency / paddedSize;
  const mlo = melScale(lowFreq);
  const mhi = melScale(high);
  const delta = (mhi - mlo) / (numBins + 1);
  const mlo32 = f32(mlo);
  const delta32 = f32(delta);
  const width32 = f32(binWidth);
  const c700 = f32(700);
  const c1127 = f32(1127);
  const mel = new Float32Array(numFftBins);
  for (let k = 0; k < numFftBins; k++) mel[k] = f32(c1127 * torchLogf(f32(1 + f32(f32(width32 * k) / c700))));
  const out = new Float32Array(numBins * (numFftBins + 1));
  for (let m = 0; m < numBins; m++) {
    const left = f32(mlo32 + f32(m * delta32));
    const center = f32(mlo32 + f32(f32(m + 1) * delta32));
    const right = f32(mlo32 + f32(f32(m + 2) * delta32));
    const upDen = f32(center - left);
    const downDen = f32(right - center);
    for (let k = 0; k < numFftBins; k++) {
      const up = f32(f32(mel[k] - left) / upDen);
      const down = f32(f32(right - mel[k]) / downDen);
      const v = Math.min(up, down);
      out[m * (numFftBins + 1) + k] = v > 0 ? v : 0;
    }
  }
  return out;
}
