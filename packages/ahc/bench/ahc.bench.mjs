// Side-by-side: @dia/ahc ahcInit (normalise + centroid linkage + fcluster) vs scipy on the same data.
// Run: pnpm --filter @dia/ahc bench   (python3 with numpy + scipy)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ahcInit } from '@dia/ahc';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dia-ahc-bench-'));
let seed = 42;
const gauss = () => { let u = 0; for (let i = 0; i < 12; i++) { seed = (seed * 1103515245 + 12345) % 2147483648; u += seed / 2147483648; } return u - 6; };
const rows = [];
for (const n of [1000, 5000, 10000]) {
  const d = 128;
  // clustered data, like speaker embeddings: 20 centres plus noise
  const centres = Float32Array.from({ length: 20 * d }, gauss);
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) x[i * d + k] = centres[(i % 20) * d + k] + 0.15 * gauss();
  const file = join(dir, `x${n}.f32`);
  writeFileSync(file, Buffer.from(x.buffer));
  const t = performance.now();
  const labels = ahcInit({ data: x, rows: n, cols: d }, 0.6);
  const ms = performance.now() - t;
  const scipy = JSON.parse(execFileSync('python3', [join(here, 'scipy_side.py'), String(n), String(d), file], { encoding: 'utf8' }));
  rows.push({ n, d, 'dia ms': ms.toFixed(0), 'scipy ms': scipy.ms.toFixed(0), 'scipy/dia': (scipy.ms / ms).toFixed(2), 'clusters dia/scipy': `${Math.max(...labels) + 1}/${scipy.clusters}` });
}
console.table(rows);
