// Reading one file out of a .tar.gz (a PyPI sdist): POSIX ustar with GNU long names and pax paths.
import { gunzipSync } from 'node:zlib';

export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

const BLOCK = 512;

function field(header: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && header[end] !== 0) end++;
  return new TextDecoder().decode(header.subarray(start, end));
}

function octal(header: Uint8Array, start: number, length: number, what: string): number {
  const text = field(header, start, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError(`corrupt tar header: ${what} '${text}' is not octal`);
  return parseInt(text, 8);
}

function checksumMatches(header: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  return sum === octal(header, 148, 8, 'checksum');
}

/** The `path` record of a pax extended header, if any. */
function paxPath(body: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(body);
  for (const record of text.split('\n')) {
    const m = /^\d+ path=(.*)$/.exec(record);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * The bytes of regular file `member` inside gzip-compressed tar `archive`.
 * Throws ArchiveError when the archive is corrupt or truncated or does not hold the member.
 */
export function extractTarGzMember(archive: Uint8Array, member: string): Uint8Array {
  let tar: Uint8Array;
  try {
    tar = gunzipSync(archive);
  } catch (err) {
    throw new ArchiveError(`not a readable .tar.gz: ${(err as Error).message}`);
  }
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break; // end-of-archive marker
    if (!checksumMatches(header)) throw new ArchiveError(`corrupt tar header at byte ${offset}: checksum mismatch`);
    const size = octal(header, 124, 12, 'size');
    const type = String.fromCharCode(header[156] || 48);
    const bodyStart = offset + BLOCK;
    if (bodyStart + size > tar.length) throw new ArchiveError(`truncated tar: entry at byte ${offset} needs ${size} bytes`);
    const body = tar.subarray(bodyStart, bodyStart + size);
    offset = bodyStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') { longName = field(body, 0, body.length); continue; }
    if (type === 'x') { longName = paxPath(body) ?? longName; continue; }
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    if ((type === '0' || type === '7') && name.replace(/^\.\//, '') === member) return body.slice();
  }
  throw new ArchiveError(`the archive has no file '${member}'`);
}
