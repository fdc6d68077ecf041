// Frame windows as torchaudio builds them (float32, `_feature_window_function`).
import { FbankError } from './errors';

const f32 = Math.fround;

export type WindowType = 'hamming' | 'hanning' | 'povey' | 'rectangular' | 'blackman';

/** torch.hamming_window/hann_window(periodic=False) in float32: arange·f32(2π/(N−1)) → cos → ·(−β) → +α. */
function cosineWindow(size: number, alpha: number, beta: number): Float32Array {
  const w = new Float32Array(size);
  if (size === 1) { w[0] = 1; return w; }
  const step = f32((Math.PI * 2) / (size - 1));
  const a = f32(alpha);
  const mb = f32(-beta);
  for (let i = 0; i < size; i++) w[i] = f32(f32(Math.cos(f32(i * step)) * mb) + a);
  return w;
}

/** The window of `size` samples torchaudio's kaldi compliance module uses for `type`. */
export function featureWindow(type: WindowType, size: number, blackmanCoeff = 0.42): Float32Array {
  switch (type) {
    case 'hamming':
      return cosineWindow(size, 0.54, 0.46);
    case 'hanning':
      return cosineWindow(size, 0.5, 0.5);
    case 'povey': {
      const w = cosineWindow(size, 0.5, 0.5);
      for (let i = 0; i < size; i++) w[i] = f32(Math.pow(w[i], 0.85));
      return w;
    }
    case 'rectangular':
      return new Float32Array(size).fill(1);
    case 'blackman': {
      const a = (2 * Math.PI) / (size - 1);
      const a32 = f32(a);
      const a2 = f32(2 * a);
      const c0 = f32(blackmanCoeff);
      const c2 = f32(0.5 - blackmanCoeff);
      const w = new Float32Array(size);
      for (let i = 0; i < size; i++) {
        const t1 = f32(0.5 * f32(Math.cos(f32(a32 * i))));
        const t2 = f32(c2 * f32(Math.cos(f32(a2 * i))));
        w[i] = f32(f32(c0 - t1) + t2);
      }
      return w;
    }
    default:
      throw new FbankError('INVALID_OPTION', `invalid windowType '${type as string}' (hamming, hanning, povey, rectangular, blackman)`);
  }
}
