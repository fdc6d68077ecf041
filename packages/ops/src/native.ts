// Loading the native SIMD addon (napi-rs, one npm package per target triple) with a TypeScript
// fallback, and the environment switches DIA_OPS_BACKEND=ts|native and DIA_OPS_SIMD=<level>.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpsError } from './errors';
import type { LogMelConfig } from './log-mel';

/** The functions the addon exports (napi-rs camel-cases the Rust names). */
export interface NativeAddon {
  simdLevel(): string;
  availableLevels(): string[];
  setLevel(level: string): void;
  pdistF64(x: Float64Array, n: number, d: number, squared: boolean, out: Float64Array): void;
  pdistF32(x: Float32Array, n: number, d: number, squared: boolean, out: Float64Array): void;
  neumaierMatmulTn(a: Float64Array, b: Float64Array, n: number, p: number, q: number, out: Float64Array): void;
  neumaierMatmulNt(a: Float64Array, b: Float64Array, m: number, n: number, k: number, out: Float64Array): void;
  matmulTransposedF32(a: Float32Array, b: Float32Array, m: number, n: number, k: number, out: Float32Array): void;
  matmulBandedF32(a: Float32Array, b: Float32Array, bands: Int32Array, m: number, n: number, k: number, out: Float32Array): void;
  axpy(alpha: number, x: Float64Array, y: Float64Array): void;
  dotF64(a: Float64Array, b: Float64Array): number;
  dotF32(a: Float32Array, b: Float32Array, roundProducts: boolean): number;
  neumaierSum(x: Float64Array): number;
  neumaierDot(a: Float64Array, b: Float64Array): number;
  rfftSpectrum(frames: Float64Array, m: number, size: number, cos: Float64Array, sin: Float64Array, bitrev: Uint32Array, power: boolean, out: Float32Array): void;
  /** Absent from addons built before it (then the TypeScript kernel runs). */
  logMelFrames?(samples: Float32Array, first: number, count: number, config: LogMelConfig, window: Float64Array, bank: Float64Array, bands: Int32Array, cos: Float64Array, sin: Float64Array, bitrev: Uint32Array, noise: Float64Array, out: Float32Array, stride: number, offset: number, energies: Float64Array): void;
  // algorithm kernels (@dia/lsap, @dia/ahc, @dia/vbx); absent from addons built before them (then
  // the TypeScript implementations run)
  linearSumAssignment?(cost: Float64Array, nr: number, nc: number, maximize: boolean, rowInd: Int32Array, colInd: Int32Array): number;
  linkageF32?(x: Float32Array, n: number, d: number, median: boolean, z: Float64Array): number;
  linkageF64?(x: Float64Array, n: number, d: number, median: boolean, z: Float64Array): number;
  compensatedMatmulNt?(a: Float64Array, b: Float64Array, m: number, n: number, k: number, out: Float64Array): void;
  compensatedMatmulTn?(a: Float64Array, b: Float64Array, n: number, p: number, q: number, out: Float64Array): void;
  xvecTransformF32?(x: Float32Array, n: number, mean1: Float64Array, lda: Float64Array, mean2: Float64Array, out: Float64Array): number;
  xvecTransformF64?(x: Float64Array, n: number, mean1: Float64Array, lda: Float64Array, mean2: Float64Array, out: Float64Array): number;
  pldaProject?(x: Float64Array, n: number, mu: Float64Array, eigenvectors: Float64Array, out: Float64Array): void;
  pldaTransformF32?(x: Float32Array, n: number, mean1: Float64Array, lda: Float64Array, mean2: Float64Array, mu: Float64Array, eigenvectors: Float64Array, out: Float64Array): number;
  pldaTransformF64?(x: Float64Array, n: number, mean1: Float64Array, lda: Float64Array, mean2: Float64Array, mu: Float64Array, eigenvectors: Float64Array, out: Float64Array): number;
  /** The PLDA weights laid out once (`dia_kernels::PldaWeights`). */
  PldaWeights?: new (mean1: Float64Array, lda: Float64Array, mean2: Float64Array, mu: Float64Array, eigenvectors: Float64Array) => {
    transformF32(x: Float32Array, n: number, out: Float64Array): number;
    transformF64(x: Float64Array, n: number, out: Float64Array): number;
  };
  vbx?(x: Float64Array, phi: Float64Array, gamma: Float64Array, n: number, d: number, k: number, fa: number, fb: number, maxIters: number, epsilon: number, pi: Float64Array, elbo: Float64Array): number;
}

/** napi-rs target triple of this process (`linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`, …). */
export function platformTriple(): string {
  const { platform, arch } = process;
  if (platform === 'linux') {
    const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
    return `linux-${arch}-${report?.header?.glibcVersionRuntime ? 'gnu' : 'musl'}`;
  }
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

function packageRoot(): string {
  // src/native.ts and dist/index.js both sit one level below the package root
  return join(dirname(fileURLToPath(import.meta.url)), '..');
}

function debug(message: string): void {
  if (process.env.DEBUG?.split(',').some((d) => d === 'dia:ops' || d === 'dia:*' || d === '*')) console.error(`dia:ops ${message}`);
}

function tryLoad(): { addon: NativeAddon | undefined; reason: string } {
  const triple = platformTriple();
  const req = createRequire(import.meta.url);
  const candidates = [`@dia/ops-${triple}`, join(packageRoot(), 'native', `dia-ops.${triple}.node`)];
  const errors: string[] = [];
  for (const c of candidates) {
    try {
      return { addon: req(c) as NativeAddon, reason: `native addon ${c}` };
    } catch (err) {
      errors.push(`${c}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return { addon: undefined, reason: `no native addon for ${triple} (${errors.join('; ')})` };
}

export interface LoadedBackend {
  addon: NativeAddon | undefined;
  reason: string;
}

/** Resolves the backend once, honouring DIA_OPS_BACKEND and DIA_OPS_SIMD. */
export function loadBackend(env: NodeJS.ProcessEnv = process.env): LoadedBackend {
  const want = env.DIA_OPS_BACKEND;
  const simd = env.DIA_OPS_SIMD;
  if (want !== undefined && want !== 'ts' && want !== 'native') throw new OpsError('BACKEND_UNAVAILABLE', `DIA_OPS_BACKEND must be 'ts' or 'native' (got '${want}')`);
  if (want === 'ts') {
    if (simd) throw new OpsError('BACKEND_UNAVAILABLE', `DIA_OPS_SIMD=${simd} needs the native backend, but DIA_OPS_BACKEND=ts`);
    return { addon: undefined, reason: 'TypeScript kernels (DIA_OPS_BACKEND=ts)' };
  }
  const { addon, reason } = tryLoad();
  if (!addon) {
    if (want === 'native' || simd) throw new OpsError('BACKEND_UNAVAILABLE', `native backend requested (${want === 'native' ? 'DIA_OPS_BACKEND=native' : `DIA_OPS_SIMD=${simd}`}) but ${reason}`);
    debug(`${reason}; using the TypeScript kernels`);
    return { addon: undefined, reason: `TypeScript kernels: ${reason}` };
  }
  if (simd) {
    try {
      addon.setLevel(simd);
    } catch (err) {
      throw new OpsError('BACKEND_UNAVAILABLE', `DIA_OPS_SIMD=${simd}: ${(err as Error).message}`);
    }
  }
  return { addon, reason: `${reason}${simd ? ` (DIA_OPS_SIMD=${simd})` : ''}` };
}
