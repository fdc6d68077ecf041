// The dia-queue command line where it needs no Redis: help, usage errors, and `dia` delegating to it.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import { runCli } from './support/run-cli';
import { assertBuilt, DIA_CLI, QUEUE_CLI } from './support/worker-process';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

describe('dia-queue command line', () => {
  it('--help for each command; no command is a usage error (exit 2)', async () => {
    for (const command of ['worker', 'enqueue', 'jobs']) {
      const r = await run(command, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: dia ${command}`));
    }
    expect((await run()).code).toBe(2);
  });

  it('usage errors exit 2 with one line, before any connection', async () => {
    const cases: [string[], string][] = [
      [['enqueue'], 'dia enqueue: no audio given (dia enqueue <audio...>)\n'],
      [['enqueue', '--num-speakers', 'two', 'a.wav'], 'dia enqueue: --num-speakers must be a positive integer (got two)\n'],
      [['enqueue', '--uri', 'x', 'a.wav', 'b.wav'], 'dia enqueue: --uri names one file: give a single audio with it\n'],
      [['enqueue', '-o', 'x.rttm', 'a.wav'], 'dia enqueue: -o/--output and --format write the results: they need --wait\n'],
      [['enqueue', '--id', 'random', 'a.wav'], 'dia enqueue: --id must be content or auto (got random)\n'],
      [['worker', '--concurrency', '0'], 'dia worker: --concurrency must be a positive integer (got 0)\n'],
      [['worker', '--log', 'xml'], 'dia worker: --log must be text or json (got xml)\n'],
      [['jobs', 'purge'], "dia jobs: unknown jobs command 'purge' (status, results, retry-failed)\n"],
      [['frobnicate'], "dia frobnicate: unknown command 'frobnicate' (worker, enqueue, jobs)\n"],
    ];
    for (const [argv, message] of cases) expect(await run(...argv), argv.join(' ')).toEqual({ code: 2, out: '', err: message });
    expect((await run('enqueue', '--bogus', 'a.wav')).err).toMatch(/^dia enqueue: Unknown option '--bogus'/);
  });

  it('a missing file is refused before anything is enqueued (exit 1)', async () => {
    expect(await run('enqueue', '--redis', 'redis://127.0.0.1:1', '/nonexistent/a.wav')).toMatchObject({ code: 1, err: 'dia enqueue: cannot read audio /nonexistent/a.wav: ENOENT\n' });
  });

  it('`dia worker|enqueue|jobs` (the @dia/pipeline executable) runs @dia/queue\'s commands', async () => {
    assertBuilt();
    for (const command of ['worker', 'enqueue', 'jobs']) {
      const viaDia = await runCli(DIA_CLI, [command, '--help']);
      const direct = await runCli(QUEUE_CLI, [command, '--help']);
      expect(viaDia.code).toBe(0);
      expect(viaDia.stdout).toBe(direct.stdout);
    }
    const usage = await runCli(DIA_CLI, ['enqueue', '--num-speakers', 'x', 'a.wav']);
    expect(usage).toEqual({ code: 2, stdout: '', stderr: 'dia enqueue: --num-speakers must be a positive integer (got x)\n' });
  });
});
