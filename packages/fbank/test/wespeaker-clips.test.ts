// WeSpeaker features of the parity fixture clips (02–05, 07) against torchaudio, chunk by chunk as
// pyannote computes them. The reference is computed here, at set-up, by torch 1.13 / torchaudio
// 0.13.1 (scripts/torchaudio_wespeaker.py; Debian's python3-torchaudio, which .ci/run installs),
// so no fixture-derived data is committed; it is cached under .cache/ for the reruns on every ops
// backend. Without Python + torchaudio the test skips, unless DIA_REQUIRE_TORCHAUDIO=1 (CI).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureManifest, fixturesDir, readFixtureWav, repoRoot } from '@dia/fixtures';
import { wespeakerFeatures, WespeakerChunkFeatures } from '../src/index';
import { ABS_TOL, RELIABLE_NOISE } from './vectors';

const CHUNK = 160_000;
const STEP = 16_000;
const T = 998;
const BINS = 80;
/** Every third chunk and the last (zero-padded) one: about 60 chunks, 4.8 M elements. */
const CHUNK_STRIDE = 3;
const python = process.env.PYTHON ?? '/usr/bin/python3';
const script = fileURLToPath(new URL('../scripts/torchaudio_wespeaker.py', import.meta.url));

function torchaudioMissing(): string {
  const r = spawnSync(python, ['-c', 'import torch, torchaudio, numpy'], { encoding: 'utf8' });
  return r.status === 0 ? '' : `${python} with torch + torchaudio + numpy is not available (apt-get install python3-torchaudio, or set PYTHON)`;
}

function clips(): { name: string; path: string }[] | string {
  let dir: string;
  try {
    dir = fixturesDir();
  } catch (err) {
    return (err as Error).message;
  }
  const list = fixtureManifest().filter((f) => /^0[2-57]_/.test(f.name) && f.hasClip).map((f) => ({ name: f.name, path: join(dir, f.name, 'clip_16k.wav') }));
  const missing = list.find((c) => !existsSync(c.path));
  return missing ? `fixture clip ${missing.path} is missing` : list;
}

/** pyannote's chunk count for a recording of n samples (10 s windows, 1 s step, last one padded). */
function chunkCount(n: number): number {
  if (n <= CHUNK) return 1;
  return Math.floor((n - CHUNK) / STEP) + 1 + ((n - CHUNK) % STEP > 0 ? 1 : 0);
}

/** torchaudio's y32 and d = y64 − y32 of the given chunks, computed once and cached by content. */
function reference(clip: string, chunks: number[]): { y32: Float32Array; d: Float32Array }[] {
  const key = createHash('sha256').update(readFileSync(clip)).update(readFileSync(script)).update(readFileSync(join(script, '..', 'torchaudio_reference.py'))).update(chunks.join(',')).digest('hex').slice(0, 16);
  const dir = join(repoRoot(), '.cache', 'fbank-torchaudio');
  const file = join(dir, `${key}.bin`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    execFileSync(python, [script, clip, `${file}.part`, chunks.join(',')], { stdio: 'inherit', timeout: 600_000 });
    renameSync(`${file}.part`, file);
  }
  const buf = readFileSync(file);
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  expect(all.length).toBe(chunks.length * 2 * T * BINS);
  return chunks.map((_, i) => ({ y32: all.subarray((2 * i) * T * BINS, (2 * i + 1) * T * BINS), d: all.subarray((2 * i + 1) * T * BINS, (2 * i + 2) * T * BINS) }));
}

const found = clips();
const why = typeof found === 'string' ? found : torchaudioMissing();
if (why && process.env.DIA_REQUIRE_TORCHAUDIO === '1') throw new Error(`DIA_REQUIRE_TORCHAUDIO=1 but ${why}`);

describe.skipIf(why !== '')(`WeSpeaker features of the fixture clips vs torchaudio${why ? ` (skipped: ${why})` : ''}`, () => {
  const list = typeof found === 'string' ? [] : found;
  it.each(list.map((c) => [c.name, c] as const))('%s: every sampled chunk within the bar, WespeakerChunkFeatures ≡ wespeakerFeatures bit for bit', (_, clip) => {
    const samples = readFixtureWav(clip.path).samples;
    const C = chunkCount(samples.length);
    const chunks = Array.from({ length: C }, (_, c) => c).filter((c) => c % CHUNK_STRIDE === 0 || c === C - 1);
    const ref = reference(clip.path, chunks);
    const all = new WespeakerChunkFeatures(samples, C);
    // chunks in batches of 8 consecutive ones into one caller-provided buffer, as the embedding stage asks
    const batch = new Float32Array(8 * T * BINS);
    const padded = new Float32Array(CHUNK);
    let strict = 0;
    let toF64 = 0;
    let violations = 0;
    let trusted = 0;
    let identical = true;
    for (let first = 0; first < C; first += 8) {
      const count = Math.min(8, C - first);
      all.chunkRange(first, count, batch.subarray(0, count * T * BINS));
      for (let i = 0; i < count; i++) {
        const c = first + i;
        const at = chunks.indexOf(c);
        if (at < 0) continue;
        const got = batch.subarray(i * T * BINS, (i + 1) * T * BINS);
        padded.fill(0);
        padded.set(samples.subarray(c * STEP, Math.min(samples.length, c * STEP + CHUNK)));
        const single = wespeakerFeatures(padded).data;
        identical &&= single.every((v, k) => Object.is(v, got[k]));
        const { y32, d } = ref[at];
        for (let k = 0; k < y32.length; k++) {
          const dev = Math.abs(got[k] - y32[k]);
          const noise = Math.abs(d[k]);
          toF64 = Math.max(toF64, Math.abs(got[k] - (y32[k] + d[k])));
          if (noise <= RELIABLE_NOISE) {
            trusted++;
            strict = Math.max(strict, dev);
            if (!(dev <= ABS_TOL)) violations++;
          } else if (!(dev <= ABS_TOL + 20 * noise)) violations++;
        }
      }
    }
    console.log(`${clip.name}: ${chunks.length} of ${C} chunks, ${(100 * trusted / (chunks.length * T * BINS)).toFixed(1)} % trusted, worst strict |Δ| ${strict.toExponential(2)}, to torchaudio-f64 ${toF64.toExponential(2)}`);
    expect(identical).toBe(true);
    expect(violations).toBe(0);
    expect(strict).toBeLessThanOrEqual(ABS_TOL);
  });
});
