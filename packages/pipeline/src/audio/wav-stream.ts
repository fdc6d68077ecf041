// The WAV reader over a byte stream (a file read in pieces, standard input, FFmpeg's output): the
// header from the first bytes, then the data chunk as interleaved float32 frames, piece by piece.
import { SNIFF_BYTES } from './sniff';
import { decodeWavFrames, parseWavHeader, truncatedDataWarning, type WavHeader } from './wav';

/** Pulls byte chunks from an iterator, keeping what was read but not consumed. */
export class ByteReader {
  pending: Uint8Array = new Uint8Array(0);
  done = false;
  constructor(private readonly it: AsyncIterator<Uint8Array>) {}

  /** Reads until at least `n` bytes are pending or the input ends; returns whether `n` are. */
  async fill(n: number): Promise<boolean> {
    while (this.pending.length < n && !this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else this.pending = this.pending.length === 0 ? r.value : concat(this.pending, r.value);
    }
    return this.pending.length >= n;
  }

  /** The pending bytes from `offset` on, then the rest of the input. */
  async *rest(offset = 0): AsyncGenerator<Uint8Array> {
    try {
      if (this.pending.length > offset) yield this.pending.subarray(offset);
      this.pending = new Uint8Array(0);
      while (!this.done) {
        const r = await this.it.next();
        if (r.done) this.done = true;
        else yield r.value;
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.it.return?.();
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Reads until the WAV header (up to the start of the data chunk) is complete, and parses it. */
export async function parseHeader(reader: ByteReader): Promise<WavHeader> {
  for (let want = SNIFF_BYTES; ; want *= 2) {
    const enough = await reader.fill(want);
    const header = parseWavHeader(reader.pending, !enough);
    if (header) return header;
  }
}

/** Interleaved float32 frames of the data chunk, one array per chunk of bytes read (whole frames only). */
export async function* pcmFrames(bytes: AsyncIterable<Uint8Array>, header: WavHeader, warnings: string[], name: string): AsyncGenerator<Float32Array> {
  const limit = header.dataBytes ?? Infinity;
  let consumed = 0;
  let carry = new Uint8Array(0);
  for await (const chunk of bytes) {
    let data = consumed + chunk.length > limit ? chunk.subarray(0, limit - consumed) : chunk;
    consumed += data.length;
    if (carry.length > 0) data = concat(carry, data);
    const frames = Math.floor(data.length / header.blockAlign);
    if (frames > 0) {
      const out = new Float32Array(frames * header.channels);
      decodeWavFrames(new DataView(data.buffer, data.byteOffset, data.byteLength), 0, frames, header, out);
      yield out;
    }
    carry = data.slice(frames * header.blockAlign);
    if (consumed >= limit) break;
  }
  if (consumed < limit && limit !== Infinity) warnings.push(`${name}: ${truncatedDataWarning(header, limit, consumed)}`);
}
