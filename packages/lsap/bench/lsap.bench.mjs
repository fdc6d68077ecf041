// Side-by-side: @dia/lsap vs scipy.optimize.linear_sum_assignment on the same matrices (one run).
// Run: pnpm --filter @dia/lsap bench   (needs python3 with numpy + scipy)
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { linearSumAssignment } from '@dia/lsap';

const here = fileURLToPath(new URL('.', import.meta.url));
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const cases = [
  { name: '3×7 batch ×10k (pipeline, maximize)', rows: 3, cols: 7, count: 10_000, maximize: true, reps: 5 },
  { name: '8×8 batch ×10k', rows: 8, cols: 8, count: 10_000, maximize: false, reps: 5 },
  { name: '100×100', rows: 100, cols: 100, count: 20, maximize: false, reps: 3 },
  { name: '500×500', rows: 500, cols: 500, count: 2, maximize: false, reps: 3 },
  { name: '1000×1000', rows: 1000, cols: 1000, count: 1, maximize: false, reps: 3 },
];
const dir = mkdtempSync(join(tmpdir(), 'dia-lsap-bench-'));
const rows = [];
for (const c of cases) {
  const size = c.rows * c.cols;
  const all = new Float64Array(size * c.count);
  for (let i = 0; i < all.length; i++) all[i] = rand();
  const file = join(dir, `${c.rows}x${c.cols}.f64`);
  writeFileSync(file, Buffer.from(all.buffer));
  const mats = Array.from({ length: c.count }, (_, k) => ({ data: all.subarray(k * size, (k + 1) * size), rows: c.rows, cols: c.cols }));
  let best = Infinity;
  for (let r = 0; r < c.reps + 1; r++) {
    const t = performance.now();
    for (const m of mats) linearSumAssignment(m, { maximize: c.maximize });
    const ms = performance.now() - t;
    if (r > 0) best = Math.min(best, ms);
  }
  const scipy = JSON.parse(execFileSync('python3', [join(here, 'scipy_side.py'), file, String(c.rows), String(c.cols), String(c.count), String(c.reps), c.maximize ? '1' : '0'], { encoding: 'utf8' }));
  rows.push({ case: c.name, 'dia ms': best.toFixed(2), 'scipy ms': scipy.ms.toFixed(2), 'scipy/dia': (scipy.ms / best).toFixed(2) });
}
console.table(rows);
