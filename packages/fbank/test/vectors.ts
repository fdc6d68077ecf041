// Reads the committed torchaudio reference vectors (scripts/gen_vectors.py) and scores features
// against them with the bar.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { FbankOptions } from '../src/index';

export type CaseGroup = 'speech-wespeaker' | 'speech' | 'tone' | 'dynamic' | 'config';

interface StoredCase {
  name: string;
  group: CaseGroup;
  wespeaker: boolean;
  options: FbankOptions;
  signal: string;
  scale: number;
  length: number;
  frames: number;
  bins: number;
  y: string;
  d: string;
}

interface StoredVectors {
  torch: string;
  torchaudio: string;
  cpuCapability: string;
  signals: Record<string, { dtype: 'int16' | 'float32'; data: string }>;
  cases: StoredCase[];
  melBanks: Record<string, string>;
}

/** One reference case: input, torchaudio's float32 output, and torchaudio on float64 input. */
export interface VectorCase {
  name: string;
  group: CaseGroup;
  wespeaker: boolean;
  options: FbankOptions;
  x: Float32Array;
  frames: number;
  bins: number;
  /** torchaudio on the float32 input. */
  y32: Float32Array;
  /** torchaudio on the same samples as float64 input. */
  y64: Float64Array;
}

function bytes(b64: string): Uint8Array {
  const buf = Buffer.from(b64, 'base64');
  return new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
}

export function loadVectors(): { torch: string; torchaudio: string; cpuCapability: string; cases: VectorCase[]; melBanks: Record<string, Float32Array> } {
  const raw = JSON.parse(gunzipSync(readFileSync(new URL('./data/torchaudio-vectors.json.gz', import.meta.url))).toString('utf8')) as StoredVectors;
  const signals = new Map<string, Float32Array>();
  for (const [name, s] of Object.entries(raw.signals)) {
    const b = bytes(s.data);
    signals.set(name, s.dtype === 'int16' ? Float32Array.from(new Int16Array(b.buffer)) : new Float32Array(b.buffer));
  }
  const cases = raw.cases.map((c): VectorCase => {
    const source = signals.get(c.signal);
    if (!source) throw new Error(`vectors: case ${c.name} names a missing signal ${c.signal}`);
    const x = Float32Array.from(source.subarray(0, c.length), (v) => v * c.scale); // power-of-two scale: exact
    const y32 = new Float32Array(bytes(c.y).buffer);
    const d = new Float32Array(bytes(c.d).buffer);
    const y64 = Float64Array.from(y32, (v, i) => v + d[i]); // within 1e-8 of torchaudio's float64 output
    return { name: c.name, group: c.group, wespeaker: c.wespeaker, options: c.options, x, frames: c.frames, bins: c.bins, y32, y64 };
  });
  const melBanks: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(raw.melBanks)) melBanks[k] = new Float32Array(bytes(v).buffer);
  return { torch: raw.torch, torchaudio: raw.torchaudio, cpuCapability: raw.cpuCapability, cases, melBanks };
}

/** torchaudio's own noise level below which an element is trusted (|f32-input − f64-input| run). */
export const RELIABLE_NOISE = 1e-5;
/** Allowed deviation from torchaudio on trusted elements. */
export const ABS_TOL = 1e-4;

export interface Score {
  /** Worst |ours − torchaudio| over elements whose torchaudio noise is ≤ RELIABLE_NOISE. */
  strict: number;
  /** Where it is (frame, bin). */
  strictAt: [number, number];
  /** Worst |ours − torchaudio-on-float64-input| over all elements. */
  toF64: number;
  /** Elements over the bar: ABS_TOL where trusted, ABS_TOL + 20·noise elsewhere. */
  violations: number;
  /** Share of trusted elements. */
  trusted: number;
}

/**
 * Scores features against a case with the bar. Log features are compared absolutely;
 * linear ones (useLogFbank: false) relative to their magnitude.
 */
export function score(c: VectorCase, got: Float32Array | Float64Array): Score {
  const linear = c.options.useLogFbank === false;
  let strict = 0;
  let strictAt: [number, number] = [-1, -1];
  let toF64 = 0;
  let violations = 0;
  let trusted = 0;
  for (let i = 0; i < c.y32.length; i++) {
    const scale = linear ? Math.max(Math.abs(c.y32[i]), 1e-30) : 1;
    const d = Math.abs(got[i] - c.y32[i]) / scale;
    const noise = Math.abs(c.y64[i] - c.y32[i]) / scale;
    const e64 = Math.abs(got[i] - c.y64[i]) / scale;
    if (!(d <= Infinity) || !(e64 <= Infinity)) { violations++; continue; } // NaN where torchaudio is finite
    toF64 = Math.max(toF64, e64);
    if (noise <= RELIABLE_NOISE) {
      trusted++;
      if (d > strict) { strict = d; strictAt = [Math.floor(i / c.bins), i % c.bins]; }
      if (d > ABS_TOL) violations++;
    } else if (d > ABS_TOL + 20 * noise) violations++;
  }
  return { strict, strictAt, toF64, violations, trusted: trusted / c.y32.length };
}
