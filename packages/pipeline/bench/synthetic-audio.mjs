// Long test recordings for the benchmarks: fixture clips (16 kHz mono 16-bit WAV) concatenated,
// written block by block so that making a 4 h file does not hold it in memory.
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fixture } from '@dia/fixtures';

/** The PCM data of a 16 kHz mono 16-bit WAV (the fixture clips' format). */
function pcm16(path) {
  const b = readFileSync(path);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path} is not a WAV file`);
  let fmt;
  for (let o = 12; o + 8 <= b.length;) {
    const id = b.toString('ascii', o, o + 4);
    const size = b.readUInt32LE(o + 4);
    if (id === 'fmt ') fmt = { format: b.readUInt16LE(o + 8), channels: b.readUInt16LE(o + 10), rate: b.readUInt32LE(o + 12), bits: b.readUInt16LE(o + 22) };
    if (id === 'data') {
      if (!fmt || fmt.format !== 1 || fmt.channels !== 1 || fmt.rate !== 16000 || fmt.bits !== 16) throw new Error(`${path}: expected 16 kHz mono 16-bit PCM`);
      return b.subarray(o + 8, o + 8 + Math.min(size, b.length - o - 8));
    }
    o += 8 + size + (size & 1);
  }
  throw new Error(`${path} has no data chunk`);
}

function header(dataBytes) {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii'); h.writeUInt32LE(36 + dataBytes, 4); h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii'); h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22);
  h.writeUInt32LE(16000, 24); h.writeUInt32LE(32000, 28); h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii'); h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** The five fixture clips with audio (02, 03, 04, 05, 07). */
export const CLIPS = ['02', '03', '04', '05', '07'];

/**
 * A WAV made of the clips of `names`, the whole list repeated `repeats` times (in $TMPDIR, reused
 * when already there). 1 repeat of CLIPS = 215.3 s; 17 ≈ 1 h; 67 ≈ 4 h.
 */
export function concatenatedClips(repeats = 1, names = CLIPS) {
  const out = join(tmpdir(), `dia-bench-${names.join('-')}-x${repeats}.wav`);
  const parts = names.map((n) => pcm16(fixture(n).path('clip_16k.wav')));
  const bytes = repeats * parts.reduce((s, p) => s + p.length, 0);
  if (existsSync(out) && statSync(out).size === 44 + bytes) return { path: out, seconds: bytes / 32000 };
  const fd = openSync(out, 'w');
  writeSync(fd, header(bytes));
  for (let r = 0; r < repeats; r++) for (const p of parts) writeSync(fd, p);
  closeSync(fd);
  return { path: out, seconds: bytes / 32000 };
}
