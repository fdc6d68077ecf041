// Where a job's audio comes from: a path on storage every worker sees, or an http(s) URL that the
// worker downloads to a temporary file. Also the SHA-256 of the bytes, for content-derived job ids.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { QueueError } from './errors';

/** True when `audio` is an http:// or https:// URL (anything else is a file path). */
export function isAudioUrl(audio: string): boolean {
  return /^https?:\/\//i.test(audio);
}

/**
 * The default RTTM uri of an audio: its file name without extension, as `diarize()` names a path
 * (for a URL, the last segment of its path, percent-decoded; "audio" when there is none).
 */
export function audioStem(audio: string): string {
  let name: string;
  if (isAudioUrl(audio)) {
    const last = new URL(audio).pathname.split('/').filter(Boolean).pop() ?? '';
    try {
      name = decodeURIComponent(last);
    } catch {
      name = last;
    }
  } else {
    name = audio.split(/[\\/]/).pop() as string;
  }
  const stem = name.replace(/\.[^.]*$/, '');
  return stem === '' ? 'audio' : stem;
}

/** A local copy (or the file itself) of a job's audio; `release()` deletes a downloaded copy. */
export interface LocalAudio {
  path: string;
  release(): Promise<void>;
}

/** Options of {@link openAudio}. */
export interface OpenAudioOptions {
  /** Download progress in bytes (total undefined when the server sends no length). */
  onDownloadProgress?: (done: number, total: number | undefined) => void;
  /** Gives up a download after this long (default 10 minutes). */
  downloadTimeoutMs?: number;
  /** Directory for downloads (default the system's temporary directory). */
  tmpDir?: string;
}

function transientStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

async function download(url: string, options: OpenAudioOptions): Promise<LocalAudio> {
  const path = join(options.tmpDir ?? tmpdir(), `dia-download-${randomBytes(8).toString('hex')}`);
  const release = () => rm(path, { force: true });
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(options.downloadTimeoutMs ?? 600_000), redirect: 'follow' });
  } catch (err) {
    throw new QueueError('DOWNLOAD_FAILED', `cannot download ${url}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`, { cause: err });
  }
  if (!response.ok || !response.body) {
    const code = transientStatus(response.status) ? 'DOWNLOAD_FAILED' : 'DOWNLOAD_REFUSED';
    await response.body?.cancel();
    throw new QueueError(code, `cannot download ${url}: HTTP ${response.status} ${response.statusText}`);
  }
  const lengthHeader = response.headers.get('content-length');
  const total = lengthHeader === null ? undefined : Number(lengthHeader);
  let done = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      done += chunk.length;
      options.onDownloadProgress?.(done, total);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>), count, createWriteStream(path));
  } catch (err) {
    await release();
    throw new QueueError('DOWNLOAD_FAILED', `download of ${url} broke off after ${done} bytes: ${(err as Error).message}`, { cause: err });
  }
  if (total !== undefined && done !== total) {
    await release();
    throw new QueueError('DOWNLOAD_FAILED', `download of ${url} ended after ${done} of ${total} bytes`);
  }
  return { path, release };
}

/**
 * The job's audio as a local file: the path itself when it names a file (a missing or unreadable
 * one is `AUDIO_NOT_FOUND`), or an http(s) download into a temporary file (`DOWNLOAD_REFUSED` for
 * 4xx answers, `DOWNLOAD_FAILED` for failures that may pass: 5xx, 408, 429, network errors).
 */
export async function openAudio(audio: string, options: OpenAudioOptions = {}): Promise<LocalAudio> {
  if (isAudioUrl(audio)) return download(audio, options);
  let info;
  try {
    info = await stat(audio);
  } catch (err) {
    throw new QueueError('AUDIO_NOT_FOUND', `cannot read audio ${audio}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (a job's path must exist on every worker: use shared storage or an http(s) URL)`, { cause: err });
  }
  if (!info.isFile()) throw new QueueError('AUDIO_NOT_FOUND', `audio ${audio} is not a file`);
  return { path: audio, release: async () => undefined };
}

/** SHA-256 (lowercase hex) of a file's bytes, read as a stream. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (err) {
    throw new QueueError('AUDIO_NOT_FOUND', `cannot read audio ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
  return hash.digest('hex');
}
