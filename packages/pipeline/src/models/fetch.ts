// Downloading and verifying the pinned model files: resumable (HTTP Range on a .part file),
// SHA-256 checked before an atomic rename, progress callbacks.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, openSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { modelsDir } from './cache';
import { MODEL_FILES, type ModelFile, type ModelKind, type PinnedSource } from './registry';
import { withFileLock } from './lock';
import { extractTarGzMember } from './tar';

export class ModelDownloadError extends Error {
  readonly code: 'HTTP' | 'CHECKSUM' | 'NETWORK';
  constructor(code: ModelDownloadError['code'], message: string) {
    super(message);
    this.name = 'ModelDownloadError';
    this.code = code;
  }
}

/** SHA-256 (hex) of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface DownloadOptions {
  onProgress?: (file: string, received: number, total: number | undefined) => void;
  /** Extra request headers (e.g. `Authorization: Bearer $HF_TOKEN` for gated repositories). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Downloads `url` to `dest`, resuming from `dest.part` when present, and keeps it only if its
 * SHA-256 equals `sha256` (a mismatch deletes the partial file and throws CHECKSUM).
 */
export async function downloadFile(url: string, dest: string, sha256: string, options: DownloadOptions = {}): Promise<void> {
  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const have = existsSync(part) ? statSync(part).size : 0;
  const headers: Record<string, string> = { ...options.headers };
  if (have > 0) headers.Range = `bytes=${have}-`;
  let res: Response;
  try {
    res = await fetch(url, { headers, redirect: 'follow', signal: options.signal });
  } catch (err) {
    throw new ModelDownloadError('NETWORK', `could not reach ${url}: ${(err as Error).message}`);
  }
  if (res.status === 416 && have > 0) {
    // the part file is already complete
  } else if (!res.ok && res.status !== 206) {
    throw new ModelDownloadError('HTTP', `${url}: HTTP ${res.status} ${res.statusText}${res.status === 401 || res.status === 403 ? ' (gated repository? set HF_TOKEN)' : ''}`);
  }
  const append = res.status === 206;
  const fd = openSync(part, append ? 'a' : 'w');
  let received = append ? have : 0;
  const total = (() => {
    const range = res.headers.get('content-range');
    if (range && /\/(\d+)$/.test(range)) return Number(/\/(\d+)$/.exec(range)?.[1]);
    const len = res.headers.get('content-length');
    return len ? Number(len) + (append ? have : 0) : undefined;
  })();
  try {
    if (res.body && res.status !== 416) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        writeSync(fd, chunk);
        received += chunk.length;
        options.onProgress?.(dest, received, total);
      }
    }
  } finally {
    closeSync(fd);
  }
  const digest = await sha256File(part);
  if (digest !== sha256) {
    unlinkSync(part);
    throw new ModelDownloadError('CHECKSUM', `${url}: SHA-256 ${digest} does not match the pinned ${sha256}; the download was discarded`);
  }
  renameSync(part, dest);
}

/** Fetches one source into `dest`: the file itself, or the pinned archive and then its member. */
async function fetchSource(source: PinnedSource, dest: string, options: DownloadOptions): Promise<void> {
  // partial downloads are kept per source, so resuming never mixes two sources' bytes
  const staging = `${dest}.${(source.archive?.sha256 ?? source.sha256).slice(0, 12)}`;
  if (!source.archive) {
    await downloadFile(source.url, staging, source.sha256, options);
    renameSync(staging, dest);
    return;
  }
  if (!existsSync(staging) || (await sha256File(staging)) !== source.archive.sha256) {
    await downloadFile(source.url, staging, source.archive.sha256, options);
  }
  let bytes: Uint8Array;
  try {
    bytes = extractTarGzMember(readFileSync(staging), source.archive.member);
  } finally {
    unlinkSync(staging); // verified but useless without its member; refetched if needed
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== source.sha256) {
    throw new ModelDownloadError('CHECKSUM', `${source.url} → ${source.archive.member}: SHA-256 ${digest} does not match the pinned ${source.sha256}`);
  }
  const part = `${dest}.part`;
  writeFileSync(part, bytes);
  renameSync(part, dest);
}

async function matchesASource(path: string, f: ModelFile): Promise<boolean> {
  const digest = await sha256File(path);
  return f.sources.some((s) => s.sha256 === digest);
}

export interface FetchOptions extends DownloadOptions {
  dir?: string;
  files?: readonly ModelFile[];
  /** Only these kinds (`dia models fetch --only segmentation`). */
  kinds?: readonly ModelKind[];
  /** Called when another process is already downloading `file` and this one waits for it. */
  onWait?: (file: string, holder: string) => void;
}

/**
 * Downloads every pinned model file that is missing from the cache (`dia models fetch`), trying
 * each file's sources in order. Returns the paths this call fetched; when some file could not be had
 * from any source, throws a ModelDownloadError listing every such file and why, after fetching the
 * rest. Safe when several processes fill one cache at once: a lock file per model lets one download
 * while the others wait and then reuse its verified file; a partial download is never in place.
 */
export async function fetchModels(options: FetchOptions = {}): Promise<string[]> {
  const dir = options.dir ?? modelsDir();
  const token = process.env.HF_TOKEN;
  const done: string[] = [];
  const failures: string[] = [];
  let lastCode: ModelDownloadError['code'] = 'NETWORK';
  for (const f of options.files ?? MODEL_FILES) {
    if (options.kinds && !options.kinds.includes(f.kind)) continue;
    const dest = join(dir, f.file);
    if (existsSync(dest) && (await matchesASource(dest, f))) continue;
    mkdirSync(dirname(dest), { recursive: true });
    // one process downloads, others wait and then find the verified file in place
    const reasons = await withFileLock(`${dest}.lock`, async () => {
      if (existsSync(dest) && (await matchesASource(dest, f))) return [];
      const failed: string[] = [];
      for (const source of f.sources) {
        const headers = token && source.url.includes('huggingface.co') ? { Authorization: `Bearer ${token}`, ...options.headers } : options.headers;
        try {
          await fetchSource(source, dest, { ...options, headers });
          done.push(dest);
          return [];
        } catch (err) {
          if (options.signal?.aborted) throw err;
          if (err instanceof ModelDownloadError) lastCode = err.code;
          failed.push((err as Error).message);
        }
      }
      return failed;
    }, { onWait: (holder) => options.onWait?.(dest, holder), signal: options.signal });
    if (reasons.length) failures.push(`${f.file}: ${reasons.join('; ')}`);
  }
  if (failures.length) throw new ModelDownloadError(lastCode, `could not fetch ${failures.length} model file(s):\n  ${failures.join('\n  ')}`);
  return done;
}

export interface VerifyResult {
  file: string;
  path: string;
  status: 'ok' | 'missing' | 'mismatch';
}

/** Checks every cached model file against its sources' pinned SHA-256 (`dia models verify`). */
export async function verifyModels(dir = modelsDir(), files: readonly ModelFile[] = MODEL_FILES): Promise<VerifyResult[]> {
  const out: VerifyResult[] = [];
  for (const f of files) {
    const path = join(dir, f.file);
    if (!existsSync(path)) out.push({ file: f.file, path, status: 'missing' });
    else out.push({ file: f.file, path, status: (await matchesASource(path, f)) ? 'ok' : 'mismatch' });
  }
  return out;
}
