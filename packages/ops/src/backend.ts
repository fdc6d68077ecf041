// Which implementation of the kernels runs.

export interface BackendInfo {
  /** 'native' when the Rust addon is loaded, 'ts' for the TypeScript implementation. */
  kind: 'native' | 'ts';
  /** SIMD level in use ('none' for the TypeScript implementation). */
  simd: 'none' | 'scalar' | 'sse2' | 'avx2' | 'avx512' | 'neon';
  /** Why this backend was chosen (e.g. no native binary for this platform). */
  reason: string;
}

/** Reports the backend in use. Only the TypeScript implementation exists so far. */
export function backend(): BackendInfo {
  return { kind: 'ts', simd: 'none', reason: 'TypeScript implementation (native addon not built into this package yet)' };
}
