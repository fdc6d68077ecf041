// Side-by-side: @dia/fbank vs torchaudio.compliance.kaldi.fbank (single-threaded torch), same input.
// Run: pnpm --filter @dia/fbank bench   (needs /usr/bin/python3 with torch + torchaudio, or PYTHON=…)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FbankComputer } from '@dia/fbank';

const python = process.env.PYTHON ?? '/usr/bin/python3';
const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dia-fbank-bench-'));
const fb = new FbankComputer({ numMelBins: 80, windowType: 'hamming' });
const rows = [];
fb.compute(new Float32Array(160000)); // warm the JIT before timing
for (const seconds of [1, 10, 600]) {
  let seed = 5;
  const x = Float32Array.from({ length: seconds * 16000 }, (_, i) => { seed = (seed * 1103515245 + 12345) % 2147483648; return 8000 * Math.sin(i / 7) + (seed / 2147483648 - 0.5) * 3000; });
  const file = join(dir, `x${seconds}.f32`);
  writeFileSync(file, Buffer.from(x.buffer));
  let best = Infinity;
  let frames = 0;
  const calls = Math.max(1, Math.round(60 / seconds)); // ≥ 60 s of audio per timing
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    for (let c = 0; c < calls; c++) frames = fb.compute(x).frames;
    if (r > 0 || seconds === 600) best = Math.min(best, (performance.now() - t) / calls);
  }
  const ta = JSON.parse(execFileSync(python, [join(here, 'torchaudio_side.py'), file], { encoding: 'utf8' }));
  rows.push({ input: `${seconds} s`, frames, 'dia frames/s': Math.round((frames / best) * 1000), 'torchaudio frames/s': Math.round((ta.frames / ta.ms) * 1000), 'dia/torchaudio speed': (ta.ms / best).toFixed(2) });
}
console.table(rows);
