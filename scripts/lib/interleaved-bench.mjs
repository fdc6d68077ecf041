// Side-by-side timing on a machine whose speed drifts (shared VMs: ±25 % within minutes): dia and
// a long-lived reference process (python, `serve_slices.py`) take short slices in turn, with a
// pause after each so that the reference's idle BLAS threads stop spinning, and each side keeps
// its best time. Both sides then see the same phases of the machine.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

/** Untimed runs at the start of every slice (the first call after a pause is slow on both sides). */
export const WARM = 2;
/** The pause after each slice: longer than OpenBLAS's busy-wait after a call (≈ 0.1 s here). */
export const PAUSE_MS = 250;

/**
 * A reference server: `python3 script ...args`, which prints "ready" and then, for each line
 * "WARM REPS", runs its case WARM times untimed and REPS times timed and prints JSON {ms, ...}.
 * `slice(warm, reps)` resolves to that JSON; `close()` ends the process.
 */
export async function referenceServer(script, args, env = {}) {
  const child = spawn('python3', [script, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`${script} ${args[0] ?? ''} exited`);
    return value;
  };
  if ((await next()) !== 'ready') throw new Error(`${script} did not start`);
  return {
    slice: async (warm, reps) => { child.stdin.write(`${warm} ${reps}\n`); return JSON.parse(await next()); },
    close: () => child.stdin.end(),
  };
}

/** `f()` `warm` times untimed, then `reps` times timed: {ms (best), out (the last result)}. */
export function timeSlice(f, warm, reps) {
  let out;
  for (let r = 0; r < warm; r++) out = f();
  let ms = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    out = f();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, out };
}

/** The faster of two slice results (a may be undefined). */
export const faster = (a, b) => (a === undefined || b.ms < a.ms ? b : a);

/**
 * `rounds` rounds of: a dia slice (`dia()` timed), then a slice of each reference server, each
 * followed by the pause. Returns the best slice of dia and of every server (same keys as
 * `servers`).
 */
export async function interleave(dia, servers, rounds, reps) {
  let best;
  const refs = {};
  for (let round = 0; round < rounds; round++) {
    best = faster(best, timeSlice(dia, WARM, reps));
    await sleep(PAUSE_MS);
    for (const [name, server] of Object.entries(servers)) {
      refs[name] = faster(refs[name], await server.slice(WARM, reps));
      await sleep(PAUSE_MS);
    }
  }
  return { dia: best, refs };
}
