import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, pldaDir } from '@dia/fixtures';
import { main } from '../src/cli/main';

const model = (name: string) => fileURLToPath(new URL(`./data/models/${name}`, import.meta.url));

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { isTTY: false, write: (s: string) => (err += s) } });
  return { code, out, err };
}

describe('dia CLI', () => {
  it('--help for every command; no command is a usage error (exit 2)', async () => {
    for (const cmd of ['diarize', 'score', 'models', 'parity']) {
      const r = await run(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`Usage: dia ${cmd}`));
    }
    expect((await run()).code).toBe(2);
    expect((await run('--help')).code).toBe(0);
  });

  it('usage errors exit 2 with one line and no stack trace', async () => {
    const r = await run('diarize', '--num-speakers', 'two', 'x.wav');
    expect(r.code).toBe(2);
    expect(r.err).toBe('dia: --num-speakers must be a positive integer (got two)\n');
    expect((await run('frobnicate')).err).toMatch(/unknown command 'frobnicate'/);
    expect((await run('diarize', '--bogus')).code).toBe(2);
    expect((await run('score', 'only-one.rttm')).code).toBe(2);
  });

  it('runtime errors exit 1 without a stack trace (missing file)', async () => {
    const r = await run('score', '/nonexistent/ref.rttm', '/nonexistent/hyp.rttm');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^dia: ENOENT/);
    expect(r.err).not.toMatch(/\n {4}at /);
  });

  it('dia score prints DER per file and in total', async () => {
    const ref = fixture('02').path('reference.rttm');
    const r = await run('score', ref, ref, '--collar', '0.25');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[1]).toMatch(/^clip_16k\t0\.00%\t0\.00%/);
    expect(r.out).toMatch(/TOTAL\t0\.00%/);
  });

  it('dia diarize writes RTTM, JSON and SRT (stand-in models)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-cli-'));
    const args = ['--segmentation-model', model('segmentation-standin.onnx'), '--embedding-model', model('embedding-standin.onnx'), '--plda', pldaDir()];
    const clip = fixture('02').path('clip_16k.wav');
    const rttm = await run('diarize', clip, ...args, '-o', join(dir, 'out.rttm'));
    expect(rttm.code).toBe(0);
    expect(readFileSync(join(dir, 'out.rttm'), 'utf8')).toMatch(/^SPEAKER clip_16k 1 \d+\.\d{3} \d+\.\d{3} <NA> <NA> SPEAKER_\d\d <NA> <NA>$/m);
    const json = await run('diarize', clip, ...args, '--json', '-q');
    expect(JSON.parse(json.out).uri).toBe('clip_16k');
    const srt = await run('diarize', clip, ...args, '--format', 'srt');
    expect(srt.out).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\nSPEAKER_\d\d\n/);
    writeFileSync(join(dir, 'empty.wav'), 'not a wav');
    const bad = await run('diarize', join(dir, 'empty.wav'), ...args);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('dia: not a WAV file (no RIFF/WAVE header)\n');
  });

  it('dia parity runs the report inside a built checkout, and says how otherwise', async () => {
    const cwd = process.cwd();
    process.chdir(tmpdir());
    const outside = await run('parity');
    process.chdir(cwd);
    expect(outside.code).toBe(1);
    expect(outside.err).toMatch(/pnpm parity/);
  });

  it('dia models path prints the cache directory', async () => {
    process.env.DIA_MODELS_DIR = '/tmp/dia-models-test';
    expect((await run('models', 'path')).out).toBe('/tmp/dia-models-test\n');
    delete process.env.DIA_MODELS_DIR;
  });
});
