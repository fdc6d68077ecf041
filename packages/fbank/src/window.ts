// Frame windows as torchaudio builds them for float64 input (`_feature_window_function`).
import { FbankError } from './errors';

export type WindowType = 'hamming' | 'hanning' | 'povey' | 'rectangular' | 'blackman';

/** torch.hamming_window / hann_window(periodic=False) in float64: cos(i·(2π/(N−1)))·(−β) + α. */
function cosineWindow(size: number, alpha: number, beta: number): Float64Array {
  const w = new Float64Array(size);
  if (size === 1) return w.fill(1);
  const step = (Math.PI * 2) / (size - 1);
  for (let i = 0; i < size; i++) w[i] = Math.cos(i * step) * -beta + alpha;
  return w;
}

/**
 * The window of `size` samples that torchaudio's kaldi compliance module uses for `type`, computed
 * in float64 with torch's operation order (what `kaldi.fbank` applies to a float64 waveform).
 */
export function featureWindow(type: WindowType, size: number, blackmanCoeff = 0.42): Float64Array {
  switch (type) {
    case 'hamming':
      return cosineWindow(size, 0.54, 0.46);
    case 'hanning':
      return cosineWindow(size, 0.5, 0.5);
    case 'povey':
      return cosineWindow(size, 0.5, 0.5).map((v) => Math.pow(v, 0.85));
    case 'rectangular':
      return new Float64Array(size).fill(1);
    case 'blackman': {
      // blackman_coeff − 0.5·cos(a·i) + (0.5 − blackman_coeff)·cos(2a·i), a = 2π/(N−1)
      const a = (2 * Math.PI) / (size - 1);
      const w = new Float64Array(size);
      for (let i = 0; i < size; i++) w[i] = blackmanCoeff - 0.5 * Math.cos(a * i) + (0.5 - blackmanCoeff) * Math.cos(2 * a * i);
      return w;
    }
    default:
      throw new FbankError('INVALID_OPTION', `invalid windowType '${type as string}' (hamming, hanning, povey, rectangular, blackman)`);
  }
}
