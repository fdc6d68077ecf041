// Just enough of the NumPy .npz/.npy formats to load the PLDA weights (little-endian f4/f8, C order).
import { unzipSync } from 'fflate';
import { VbxError } from './errors';

export interface NpyFloatArray {
  shape: number[];
  /** Values promoted to float64 (exact for float32). */
  data: Float64Array;
  dtype: 'f4' | 'f8';
}

function parseNpyFloat(bytes: Uint8Array, name: string): NpyFloatArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) throw new VbxError('MODEL_FILE', `${name}: not a .npy array`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = new TextDecoder('latin1').decode(bytes.subarray(major === 1 ? 10 : 12, start));
  const descr = /'descr'\s*:\s*'([<|]?)(f[48])'/.exec(header);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !shape || /'fortran_order'\s*:\s*True/.test(header)) throw new VbxError('MODEL_FILE', `${name}: unsupported array header ${header.trim()}`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  const dtype = descr[2] as 'f4' | 'f8';
  const size = dtype === 'f4' ? 4 : 8;
  if (start + count * size > bytes.length) throw new VbxError('MODEL_FILE', `${name}: truncated (${count} × ${dtype} expected)`);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = dtype === 'f4' ? view.getFloat32(start + i * 4, true) : view.getFloat64(start + i * 8, true);
  return { shape: dims, data, dtype };
}

/** Parses an .npz archive (stored or deflated) into float arrays keyed by member name. */
export function readNpzFloats(bytes: Uint8Array, label: string): Record<string, NpyFloatArray> {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes);
  } catch (err) {
    throw new VbxError('MODEL_FILE', `${label}: not a readable .npz archive (${(err as Error).message})`);
  }
  const out: Record<string, NpyFloatArray> = {};
  for (const [name, data] of Object.entries(members)) if (name.endsWith('.npy')) out[name.slice(0, -4)] = parseNpyFloat(data, `${label}:${name}`);
  return out;
}

/** A member with the expected shape, or a MODEL_FILE error naming what is wrong. */
export function expectArray(arrays: Record<string, NpyFloatArray>, label: string, key: string, shape: number[]): NpyFloatArray {
  const a = arrays[key];
  if (!a) throw new VbxError('MODEL_FILE', `${label} has no '${key}' array (found: ${Object.keys(arrays).join(', ') || 'nothing'})`);
  if (a.shape.length !== shape.length || a.shape.some((d, i) => d !== shape[i])) throw new VbxError('MODEL_FILE', `${label}: '${key}' has shape (${a.shape}), expected (${shape})`);
  return a;
}
