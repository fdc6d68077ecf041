// Builds WAV files byte by byte for the audio tests.

/** Builds a WAV file: format tag, channels, rate, bits, raw sample bytes, optional extra chunk. */
export function wav(format: number, channels: number, rate: number, bits: number, data: Uint8Array, opts: { extensible?: boolean; list?: boolean } = {}): Uint8Array {
  const fmtSize = opts.extensible ? 40 : 16;
  const chunks: Uint8Array[] = [];
  const fmt = new Uint8Array(8 + fmtSize);
  const fv = new DataView(fmt.buffer);
  fmt.set(new TextEncoder().encode('fmt '));
  fv.setUint32(4, fmtSize, true);
  fv.setUint16(8, opts.extensible ? 0xfffe : format, true);
  fv.setUint16(10, channels, true);
  fv.setUint32(12, rate, true);
  fv.setUint32(16, rate * channels * (bits / 8), true);
  fv.setUint16(20, channels * (bits / 8), true);
  fv.setUint16(22, bits, true);
  if (opts.extensible) { fv.setUint16(24, 22, true); fv.setUint16(32, format, true); }
  chunks.push(fmt);
  if (opts.list) { const l = new Uint8Array(8 + 3 + 1); l.set(new TextEncoder().encode('LIST')); new DataView(l.buffer).setUint32(4, 3, true); chunks.push(l); }
  const dh = new Uint8Array(8);
  dh.set(new TextEncoder().encode('data'));
  new DataView(dh.buffer).setUint32(4, data.length, true);
  chunks.push(dh, data);
  const total = chunks.reduce((a, c) => a + c.length, 12);
  const out = new Uint8Array(total);
  out.set(new TextEncoder().encode('RIFF'));
  new DataView(out.buffer).setUint32(4, total - 8, true);
  out.set(new TextEncoder().encode('WAVE'), 8);
  let o = 12;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}
export const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
