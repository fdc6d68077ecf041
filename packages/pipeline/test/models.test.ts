import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadFile, fetchModels, MODEL_FILES, resolveModelPath, verifyModels } from '../src/models/index';
import { EmbeddingModel } from '../src/inference/index';

const payload = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251));
const sha = createHash('sha256').update(payload).digest('hex');
let server: Server;
let base = '';
let cutNext = false;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.url} ${req.headers.range ?? ''}`);
    const m = /bytes=(\d+)-/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const body = payload.subarray(start);
    res.writeHead(m ? 206 : 200, { 'content-length': body.length, ...(m ? { 'content-range': `bytes ${start}-${payload.length - 1}/${payload.length}` } : {}) });
    if (cutNext) {
      cutNext = false;
      res.write(body.subarray(0, 50_000));
      setTimeout(() => res.destroy(), 20); // interrupted transfer
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('model downloads (local server on 127.0.0.1)', () => {
  it('resumes an interrupted transfer with a Range request and verifies SHA-256', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-models-'));
    const dest = join(dir, 'm.onnx');
    cutNext = true;
    await expect(downloadFile(`${base}/m.onnx`, dest, sha)).rejects.toThrow();
    expect(existsSync(`${dest}.part`)).toBe(true);
    expect(existsSync(dest)).toBe(false);
    const progress: number[] = [];
    await downloadFile(`${base}/m.onnx`, dest, sha, { onProgress: (_, got) => progress.push(got) });
    expect(readFileSync(dest).equals(payload)).toBe(true);
    expect(requests.at(-1)).toMatch(/bytes=\d+-/);
    expect(progress.at(-1)).toBe(payload.length);
  });

  it('a checksum mismatch leaves no file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-models-'));
    const dest = join(dir, 'bad.onnx');
    await expect(downloadFile(`${base}/bad.onnx`, dest, '0'.repeat(64))).rejects.toThrow(/does not match the pinned/);
    expect(existsSync(dest) || existsSync(`${dest}.part`)).toBe(false);
  });

  it('fetchModels skips verified files; verifyModels reports ok / missing / mismatch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-models-'));
    const files = [{ kind: 'segmentation' as const, file: 'a.onnx', url: `${base}/a`, sha256: sha, licence: 'test' }, { kind: 'embedding' as const, file: 'b.onnx', url: `${base}/b`, sha256: sha, licence: 'test' }];
    expect(await fetchModels({ dir, files })).toHaveLength(2);
    expect(await fetchModels({ dir, files })).toHaveLength(0);
    writeFileSync(join(dir, 'b.onnx'), 'corrupted');
    const v = await verifyModels(dir, [...files, { ...files[0], file: 'c.onnx' }]);
    expect(v.map((r) => r.status)).toEqual(['ok', 'mismatch', 'missing']);
  });

  it('the registry pins a revision and a SHA-256 for every file', () => {
    for (const f of MODEL_FILES) {
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(f.url).toMatch(/^https:\/\//);
    }
  });

  it('a missing model names the file and the command that gets it', async () => {
    const saved = { ...process.env };
    process.env.DIA_MODELS_DIR = mkdtempSync(join(tmpdir(), 'dia-empty-'));
    delete process.env.DIA_EMBED_MODEL_PATH;
    expect(() => resolveModelPath('embedding')).toThrow(/wespeaker_resnet34_lm.onnx.*dia models fetch.*DIA_EMBED_MODEL_PATH/);
    await expect(EmbeddingModel.fromCache()).rejects.toThrow(/dia models fetch/);
    process.env.DIA_PLDA_DIR = '/nowhere';
    expect(() => resolveModelPath('plda')).toThrow(/\/nowhere \(from DIA_PLDA_DIR\)/);
    process.env = saved;
  });
});
