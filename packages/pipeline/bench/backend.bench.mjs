// Side-by-side: dia's back end (diarizeFromIntermediates) vs the same stages in numpy/scipy
// (bench/backend_numpy.py), on each fixture's captured segmentations and embeddings.
// Run: pnpm --filter @dia/pipeline bench   (needs python3 with numpy + scipy)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { fixturesWithIntermediates, member, pldaDir, toFloat32, fixture } from '@dia/fixtures';
import { diarizeFromIntermediates, Plda } from '@dia/pipeline';

const REPEATS = 5;
const here = fileURLToPath(new URL('.', import.meta.url));
const plda = Plda.fromDirectory(pldaDir());
const rows = [];
for (const entry of fixturesWithIntermediates()) {
  const fx = fixture(entry.name);
  const seg = member(fx.npz('segmentations.npz'), 'segmentations');
  const emb = member(fx.npz('raw_embeddings.npz'), 'embeddings');
  const input = {
    segmentations: { data: toFloat32(seg), chunks: seg.shape[0], frames: seg.shape[1], speakers: seg.shape[2] },
    embeddings: { data: toFloat32(emb), chunks: emb.shape[0], speakers: emb.shape[1], dim: emb.shape[2] },
  };
  let best = Infinity;
  let lines = 0;
  for (let i = 0; i < REPEATS + 1; i++) {
    const t0 = performance.now();
    const r = diarizeFromIntermediates(input, { plda });
    const ms = performance.now() - t0;
    lines = r.segments.length;
    if (i > 0) best = Math.min(best, ms); // first run warms up the JIT
  }
  let numpy = { ms: NaN, lines: NaN };
  try {
    numpy = JSON.parse(execFileSync('python3', [join(here, 'backend_numpy.py'), fx.dir, pldaDir(), String(REPEATS)], { encoding: 'utf8' }));
  } catch (err) {
    console.error(`numpy side failed for ${entry.name}: ${err.message.split('\n')[0]}`);
  }
  rows.push({ fixture: entry.name, chunks: seg.shape[0], 'dia ms': best.toFixed(1), 'numpy ms': numpy.ms.toFixed(1), 'numpy/dia': (numpy.ms / best).toFixed(2), 'lines dia/numpy': `${lines}/${numpy.lines}` });
}
console.table(rows);
