// Which implementation of the kernels runs.
import { loadBackend, type NativeAddon } from './native';

export interface BackendInfo {
  /** 'native' when the Rust addon is loaded, 'ts' for the TypeScript implementation. */
  kind: 'native' | 'ts';
  /** SIMD level in use ('none' for the TypeScript implementation). */
  simd: 'none' | 'scalar' | 'sse2' | 'avx2' | 'avx512' | 'neon';
  /** Levels this CPU supports (native only). */
  available: string[];
  /** Why this backend was chosen. */
  reason: string;
}

const loaded = loadBackend();

/**
 * Single-sum kernels (dot*, neumaierSum/Dot) go native only from this length on: below it the
 * JS→native call costs more than the TypeScript loop (measured: 256-element neumaierDot is 2×
 * slower through the addon).
 */
export const NATIVE_MIN_LENGTH = 1024;

/** The loaded native addon, or undefined when the TypeScript kernels run. */
export const native: NativeAddon | undefined = loaded.addon;

/** Reports the backend in use (decided once, at load, from DIA_OPS_BACKEND / DIA_OPS_SIMD). */
export function backend(): BackendInfo {
  if (!native) return { kind: 'ts', simd: 'none', available: [], reason: loaded.reason };
  return { kind: 'native', simd: native.simdLevel() as BackendInfo['simd'], available: native.availableLevels(), reason: loaded.reason };
}
