import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { ensureModel, locateModel, modelFetchReporter, withFileLock, type ModelFetchEvent, type ModelFile } from '../src/models/index';

// 1 MB served in 32 KiB pieces every 15 ms (≈ 0.5 s): long enough for a second process to arrive mid-download
const payload = Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * 2654435761) >>> 24));
const sha = createHash('sha256').update(payload).digest('hex');
const requests: string[] = [];
let server: Server;
let base = '';
let child = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.url} ${req.headers.range ?? ''}`.trim());
    const m = /bytes=(\d+)-/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    res.writeHead(m ? 206 : 200, { 'content-length': payload.length - start, ...(m ? { 'content-range': `bytes ${start}-${payload.length - 1}/${payload.length}` } : {}) });
    let at = start;
    const timer = setInterval(() => {
      if (res.destroyed) { clearInterval(timer); return; }
      res.write(payload.subarray(at, at + 32_768));
      at += 32_768;
      if (at >= payload.length) { clearInterval(timer); res.end(); }
    }, 15);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  // the child runs the package's source, bundled (as the build does) into one plain .mjs file
  const out = mkdtempSync(join(tmpdir(), 'dia-child-'));
  await build({ entry: { child: fileURLToPath(new URL('./helpers/ensure-model-child.ts', import.meta.url)) }, outDir: out, format: ['esm'], platform: 'node', target: 'node20', config: false, silent: true, dts: false, outExtension: () => ({ js: '.mjs' }) });
  child = join(out, 'child.mjs');
}, 60_000);
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const files = (name: string): ModelFile[] => [{ kind: 'segmentation', file: `${name}.onnx`, sources: [{ url: `${base}/${name}`, sha256: sha }], licence: 'test' }];

function start(cache: string, name: string): { proc: ChildProcess; result: Promise<{ code: number | null; out: string; err: string }> } {
  const proc = spawn(process.execPath, [child, 'segmentation', JSON.stringify(files(name))], { env: { ...process.env, DIA_MODELS_DIR: cache, DIA_SEGMENT_MODEL_PATH: '', DIA_OFFLINE: '' } });
  let out = '';
  let err = '';
  proc.stdout?.on('data', (d) => { out += d; });
  proc.stderr?.on('data', (d) => { err += d; });
  return { proc, result: new Promise((r) => proc.on('close', (code) => r({ code, out, err }))) };
}

describe('models fetched on first use (real processes, loopback server)', () => {
  it('two processes starting at once: one downloads, the other waits and reuses the verified file', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'dia-cache-'));
    const before = requests.length;
    const [a, b] = [start(cache, 'both'), start(cache, 'both')];
    const [ra, rb] = await Promise.all([a.result, b.result]);
    expect(ra.code, ra.err).toBe(0);
    expect(rb.code, rb.err).toBe(0);
    const [ja, jb] = [JSON.parse(ra.out), JSON.parse(rb.out)];
    expect(ja.path).toBe(join(cache, 'both.onnx'));
    expect(jb.path).toBe(ja.path);
    expect([ja.events.at(-1), jb.events.at(-1)].sort()).toEqual(['fetched', 'reused']);
    expect([...ja.events, ...jb.events]).toContain('wait');
    expect(requests.slice(before)).toEqual(['/both']); // one download
    expect(createHash('sha256').update(readFileSync(ja.path)).digest('hex')).toBe(sha);
    expect(readdirSync(cache)).toEqual(['both.onnx']); // no lock, no partial file
  });

  it('a process killed mid-download leaves no model in place; the next one takes the lock over and resumes', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'dia-cache-'));
    const before = requests.length;
    const a = start(cache, 'killed');
    // kill it once part of the file has arrived
    for (let i = 0; i < 200 && !readdirSync(cache).some((f) => f.endsWith('.part')); i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    a.proc.kill('SIGKILL');
    await a.result;
    expect(readdirSync(cache).sort()).toEqual(expect.arrayContaining(['killed.onnx.lock']));
    expect(existsSync(join(cache, 'killed.onnx'))).toBe(false); // the partial file is never the model
    const b = await start(cache, 'killed').result;
    expect(b.code, b.err).toBe(0);
    expect(JSON.parse(b.out).events).toEqual(['fetched']);
    expect(requests.slice(before)[1]).toMatch(/^\/killed bytes=[1-9]\d*-$/); // resumed, not restarted
    expect(createHash('sha256').update(readFileSync(join(cache, 'killed.onnx'))).digest('hex')).toBe(sha);
    expect(readdirSync(cache)).toEqual(['killed.onnx']);
  });

  it('offline (option or DIA_OFFLINE=1) a missing model is the clear MODEL_NOT_FOUND error and nothing is requested', async () => {
    const saved = { ...process.env };
    try {
      process.env.DIA_MODELS_DIR = mkdtempSync(join(tmpdir(), 'dia-cache-'));
      delete process.env.DIA_SEGMENT_MODEL_PATH;
      const before = requests.length;
      await expect(ensureModel('segmentation', { offline: true, modelFiles: files('offline') })).rejects.toThrow(/segmentation model not found at .*offline\.onnx and nothing is downloaded offline.*dia models fetch/);
      process.env.DIA_OFFLINE = '1';
      await expect(ensureModel('segmentation', { modelFiles: files('offline') })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
      expect(requests.length).toBe(before);
      // an explicit path that does not exist is an error, never downloaded over
      delete process.env.DIA_OFFLINE;
      process.env.DIA_SEGMENT_MODEL_PATH = join(process.env.DIA_MODELS_DIR, 'mine.onnx');
      await expect(ensureModel('segmentation', { modelFiles: files('offline') })).rejects.toThrow(/mine\.onnx \(from DIA_SEGMENT_MODEL_PATH\)/);
      expect(requests.length).toBe(before);
    } finally {
      process.env = saved;
    }
  });

  it('the default report draws a bar only on a terminal and always says where the model went', () => {
    const events: ModelFetchEvent[] = [
      { type: 'progress', kind: 'plda', file: '/c/plda/plda.npz', received: 50, total: 100 },
      { type: 'done', kind: 'plda', path: '/c/plda', fetched: ['/c/plda/plda.npz'] },
    ];
    for (const isTTY of [true, false]) {
      let text = '';
      const report = modelFetchReporter({ isTTY, write: (s: string) => { text += s; } });
      for (const e of events) report(e);
      expect(text.includes('[###############...............] 50%')).toBe(isTTY);
      expect(text).toMatch(/fetched the plda model into \/c\/plda \(SHA-256 checked; licence CC-BY-4\.0/);
    }
  });

  it('the PLDA comes from DIA_PLDA_DIR when set, else from the package when bundled there, else the cache', () => {
    const saved = { ...process.env };
    try {
      process.env.DIA_PLDA_DIR = '/somewhere/plda';
      expect(locateModel('plda')).toMatchObject({ from: 'env', path: '/somewhere/plda', exists: false });
      delete process.env.DIA_PLDA_DIR;
      const at = locateModel('plda');
      const bundled = fileURLToPath(new URL('../models/plda', import.meta.url));
      // bundled by `pnpm pack` (scripts/bundle-plda.mjs); a fresh checkout has none yet
      if (existsSync(join(bundled, 'plda.npz'))) expect(at).toMatchObject({ from: 'bundled', path: bundled, exists: true });
      else expect(at.from).toBe('cache');
    } finally {
      process.env = saved;
    }
  });

  it('a lock whose holder is alive is waited for; a stale one is taken over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-lock-'));
    const lock = join(dir, 'x.lock');
    const order: string[] = [];
    const first = withFileLock(lock, async () => { order.push('first in'); await new Promise((r) => setTimeout(r, 150)); order.push('first out'); });
    const second = withFileLock(lock, async () => { order.push('second'); }, { pollMs: 10 });
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second']);
    writeFileSync(lock, `${process.pid}\nanother-host\n`); // alive elsewhere, but not refreshed
    let waited = false;
    await withFileLock(lock, async () => { order.push('took over'); }, { staleMs: 100, pollMs: 10, onWait: () => { waited = true; } });
    expect(waited).toBe(true);
    expect(order.at(-1)).toBe('took over');
    expect(existsSync(lock)).toBe(false);
  });
});
