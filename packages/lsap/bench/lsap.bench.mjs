// Side by side: @dia/lsap vs scipy.optimize.linear_sum_assignment on the same matrices, one run.
// Run: pnpm --filter @dia/lsap bench   (python3 with numpy + scipy: bash scripts/bench-setup.sh)
// Each case: one timed run solves all `count` matrices. dia and a long-lived scipy process take
// short slices in turn (2 untimed and `reps` timed runs each, 6 rounds, a pause after each) and
// each keeps its best, so that both see the same phases of a machine whose speed drifts
// (scripts/lib/interleaved-bench.mjs). The zero-dependency TypeScript entry is timed alone after.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backend } from '@dia/ops';
import { linearSumAssignment } from '@dia/lsap';
import { linearSumAssignment as linearSumAssignmentPure } from '@dia/lsap/pure';
import { interleave, referenceServer } from '../../../scripts/lib/interleaved-bench.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const cases = [
  { rows: 3, cols: 7, count: 10_000, maximize: true, reps: 7, note: 'the pipeline\'s per-chunk problem' },
  { rows: 7, cols: 3, count: 10_000, maximize: false, reps: 7 },
  { rows: 8, cols: 8, count: 10_000, maximize: false, reps: 7 },
  { rows: 8, cols: 8, count: 10_000, maximize: true, reps: 7 },
  { rows: 20, cols: 20, count: 1000, maximize: false, reps: 5 },
  { rows: 50, cols: 100, count: 200, maximize: true, reps: 5 },
  { rows: 100, cols: 100, count: 50, maximize: false, reps: 5 },
  { rows: 300, cols: 100, count: 10, maximize: false, reps: 5 },
  { rows: 100, cols: 300, count: 10, maximize: true, reps: 5 },
  { rows: 500, cols: 500, count: 3, maximize: false, reps: 3 },
  { rows: 500, cols: 500, count: 3, maximize: false, reps: 3, ties: 10, note: 'integer costs 0–9' },
  { rows: 200, cols: 1000, count: 3, maximize: false, reps: 3 },
  { rows: 1000, cols: 1000, count: 1, maximize: false, reps: 3 },
  { rows: 1000, cols: 1000, count: 1, maximize: true, reps: 3 },
  { rows: 2000, cols: 2000, count: 1, maximize: false, reps: 3 },
];
const dir = mkdtempSync(join(tmpdir(), 'dia-lsap-bench-'));

const ROUNDS = 6;

function time(solve, mats, maximize, reps) {
  let best = Infinity;
  for (let r = 0; r <= reps; r++) {
    const t = performance.now();
    for (const m of mats) solve(m, { maximize });
    const ms = performance.now() - t;
    if (r > 0) best = Math.min(best, ms); // the first pass warms the JIT up
  }
  return best;
}

const info = backend();
console.log(`@dia/lsap vs scipy — ops backend: ${info.kind}${info.kind === 'native' ? ` (${info.simd})` : ''}`);
const rows = [];
for (const c of cases) {
  const size = c.rows * c.cols;
  const all = new Float64Array(size * c.count);
  for (let i = 0; i < all.length; i++) all[i] = c.ties ? Math.floor(rand() * c.ties) : rand();
  const file = join(dir, 'costs.f64');
  writeFileSync(file, Buffer.from(all.buffer));
  const mats = Array.from({ length: c.count }, (_, k) => ({ data: all.subarray(k * size, (k + 1) * size), rows: c.rows, cols: c.cols }));
  const server = await referenceServer(join(here, 'scipy_side.py'), [file, String(c.rows), String(c.cols), String(c.count), c.maximize ? '1' : '0']);
  const solveAll = () => { for (const m of mats) linearSumAssignment(m, { maximize: c.maximize }); };
  const { dia: { ms: dia }, refs: { scipy: { ms: scipy } } } = await interleave(solveAll, { scipy: server }, ROUNDS, c.reps);
  server.close();
  const pure = time(linearSumAssignmentPure, mats, c.maximize, c.reps);
  const per = (ms) => (ms * 1000 / c.count < 1000 ? `${(ms * 1000 / c.count).toFixed(1)} µs` : `${(ms / c.count).toFixed(2)} ms`);
  rows.push({
    case: `${c.rows}×${c.cols} ${c.maximize ? 'max' : 'min'}${c.count > 1 ? ` ×${c.count}` : ''}${c.note ? ` (${c.note})` : ''}`,
    'dia / solve': per(dia),
    'scipy / solve': per(scipy),
    'scipy/dia': (scipy / dia).toFixed(2),
    'pure TS / solve': per(pure),
    'scipy/pure': (scipy / pure).toFixed(2),
  });
}
console.table(rows);
const worst = Math.min(...rows.map((r) => Number(r['scipy/dia'])));
console.log(`lowest scipy/dia ratio: ${worst.toFixed(2)} (≥ 1.00 means dia is at least as fast as scipy on every size)`);
