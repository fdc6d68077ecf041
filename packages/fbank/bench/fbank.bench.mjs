// Side-by-side: @dia/fbank vs torchaudio.compliance.kaldi.fbank (single-threaded torch), same input
// (80 bins, hamming, 25/10 ms: the WeSpeaker configuration), 1 s, 10 s and 600 s. Rounds alternate
// between the two so that a busy machine slows both alike; each side keeps its best round.
// Run: pnpm --filter @dia/fbank bench   (needs /usr/bin/python3 with torch + torchaudio, or PYTHON=…;
// BENCH_ROUNDS=n, default 3). Prints frames/s and the dia/torchaudio ratio against the 2× goal.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FbankComputer } from '@dia/fbank';
import { backend } from '@dia/ops';

const python = process.env.PYTHON ?? '/usr/bin/python3';
const here = fileURLToPath(new URL('.', import.meta.url));
const LENGTHS = [1, 10, 600];
const GOAL = 2;

/** Best wall-clock and CPU ms per call of `FbankComputer.compute`, ≥ 60 s of audio per timing. */
function timeDia(x, fb) {
  const out = new Float32Array(fb.frameCount(x.length) * fb.bins);
  const calls = Math.max(1, Math.round(60 / (x.length / 16000)));
  let ms = Infinity;
  let cpu = Infinity;
  for (let r = 0; r < 4; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    for (let k = 0; k < calls; k++) fb.compute(x, out);
    const used = process.cpuUsage(c);
    ms = Math.min(ms, (performance.now() - t) / calls);
    cpu = Math.min(cpu, (used.user + used.system) / 1000 / calls);
  }
  return { ms, cpu };
}

// worker mode: time this process's backend on the given files (used for the TypeScript kernels)
if (process.argv[2] === '--time') {
  const fb = new FbankComputer({ numMelBins: 80, windowType: 'hamming' });
  const ms = process.argv.slice(3).map((f) => {
    const b = readFileSync(f);
    return timeDia(new Float32Array(b.buffer, b.byteOffset, b.length / 4), fb).ms;
  });
  console.log(JSON.stringify(ms));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'dia-fbank-bench-'));
const inputs = LENGTHS.map((seconds) => {
  let seed = 5;
  const x = Float32Array.from({ length: seconds * 16000 }, (_, i) => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.round(8000 * Math.sin(i / 7) + (seed / 2147483648 - 0.5) * 3000); });
  const file = join(dir, `x${seconds}.f32`);
  writeFileSync(file, Buffer.from(x.buffer));
  return { seconds, x, file, frames: 1 + Math.floor((x.length - 400) / 160) };
});
const fb = new FbankComputer({ numMelBins: 80, windowType: 'hamming' });
fb.compute(new Float32Array(160000)); // warm the JIT before timing
const inf = () => LENGTHS.map(() => Infinity);
const best = { dia: inf(), diaCpu: inf(), ts: inf(), torch: inf(), torchCpu: inf() };
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
for (let r = 0; r < rounds; r++) {
  inputs.forEach((input, i) => {
    const ta = JSON.parse(execFileSync(python, [join(here, 'torchaudio_side.py'), input.file], { encoding: 'utf8' }));
    best.torch[i] = Math.min(best.torch[i], ta.ms);
    best.torchCpu[i] = Math.min(best.torchCpu[i], ta.cpu_ms);
    const d = timeDia(input.x, fb);
    best.dia[i] = Math.min(best.dia[i], d.ms);
    best.diaCpu[i] = Math.min(best.diaCpu[i], d.cpu);
  });
  if (r === 0) {
    // the TypeScript kernels, in a child process (the backend is chosen at load)
    const ms = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--time', ...inputs.map((i) => i.file)], { encoding: 'utf8', env: { ...process.env, DIA_OPS_BACKEND: 'ts' } }));
    ms.forEach((v, i) => { best.ts[i] = v; });
  }
}
rmSync(dir, { recursive: true, force: true });
const b = backend();
const rate = (frames, ms) => Math.round((frames / ms) * 1000);
console.log(`dia: ${b.kind} kernels${b.kind === 'native' ? ` (${b.simd} level${b.simd === 'avx512' ? '; the log-mel kernel runs its AVX2 code there' : ''})` : ''}; torch single-threaded; best of ${rounds} alternating rounds`);
console.log('ratios: wall clock, and CPU time (process CPU seconds, which waiting for a busy CPU does not inflate)');
console.table(inputs.map((input, i) => ({
  input: `${input.seconds} s`,
  frames: input.frames,
  'dia frames/s': rate(input.frames, best.dia[i]),
  'dia TypeScript kernels': rate(input.frames, best.ts[i]),
  'torchaudio frames/s': rate(input.frames, best.torch[i]),
  'dia/torchaudio': (best.torch[i] / best.dia[i]).toFixed(2),
  'CPU-time ratio': (best.torchCpu[i] / best.diaCpu[i]).toFixed(2),
  [`goal ≥ ${GOAL}×`]: best.torch[i] / best.dia[i] >= GOAL ? 'met' : 'MISSED',
})));
