// Reading an AudioSource to its end in tests, and comparing samples bit for bit.
import type { AudioSource } from '../src/audio/index';

/** Every block of `source`, and the blocks joined. */
export async function readAll(source: AudioSource): Promise<{ blocks: Float32Array[]; joined: Float32Array }> {
  const blocks: Float32Array[] = [];
  for await (const b of source) blocks.push(b);
  const joined = new Float32Array(blocks.reduce((a, b) => a + b.length, 0));
  let at = 0;
  for (const b of blocks) { joined.set(b, at); at += b.length; }
  return { blocks, joined };
}

/** Same length and the same bits in every sample (NaN payloads and −0 included). */
export const sameBits = (a: Float32Array, b: Float32Array): boolean =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
