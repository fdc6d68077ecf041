// torch's float32 natural logarithm, as torch 1.13 evaluates `Tensor.log()` on x86-64 CPUs (AVX2 or
// AVX-512 kernels): SLEEF's vectorised `logf_u10` (xlogf_u1 with fused multiply-adds), which is
// within 1 ulp of the correctly rounded logarithm but not always equal to it. torchaudio's
// `get_mel_banks` takes the mel scale of every FFT bin through it, so the bank is only bit-exact
// with this emulation (a correctly rounded logf moves 2–6 weights per bank by up to 7e-6).

const f32 = Math.fround;
const bits = new Float32Array(1);
const word = new Int32Array(bits.buffer);

/** The float32 after or before `x` (x finite). */
function nextFloat32(x: number, up: boolean): number {
  bits[0] = x;
  if (x === 0) word[0] = up ? 1 : -2147483647;
  else word[0] += (x > 0) === up ? 1 : -1;
  return bits[0];
}

/** fma(a, b, c) on float32 values with one rounding: a·b is exact in float64; the sum is rounded to
 * float32 correctly even where rounding the float64 sum first would round twice. */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const bp = s - p;
  const err = p - (s - bp) + (c - bp); // p + c = s + err exactly
  const r = f32(s);
  if (err === 0 || !Number.isFinite(s)) return r;
  // s is off the exact sum only by err: that matters only when s lies exactly halfway between two
  // float32 values; then the exact sum lies on the side of err
  const neighbour = nextFloat32(r, s > r || (s === r && err > 0));
  if (s !== (r + neighbour) / 2) return r;
  return (err > 0) === (neighbour > r) ? neighbour : r;
}

const LN2_HI = f32(0.69314718246459960938);
const LN2_LO = f32(-1.904654323148236017e-9);
const C1 = f32(0.3027294874);
const C2 = f32(0.3996108174);
const C3 = f32(0.666669488);
const RECIP_075 = f32(1 / 0.75);

/** SLEEF xlogf_u1 (FMA variant) for a positive normal float32 `d`; other inputs return NaN. */
export function torchLogf(d: number): number {
  d = f32(d);
  if (!(d >= 1.1754943508222875e-38 && d < Infinity)) return NaN;
  // d = m·2^e with m in [0.75, 1.5): e from the exponent of d/0.75
  bits[0] = f32(d * RECIP_075);
  const e = ((word[0] >>> 23) & 0xff) - 0x7f;
  const m = d * 2 ** -e;
  // s = e·ln2 as a float32 pair
  let sx = f32(LN2_HI * e);
  let sy = fma32(LN2_LO, e, fma32(LN2_HI, e, -sx));
  // x = (m − 1)/(m + 1) as a float32 pair (dfadd2 twice, dfdiv)
  const nx = f32(-1 + m);
  let v = f32(nx + 1);
  const ny = f32(f32(-1 - f32(nx - v)) + f32(m - v));
  const dx = f32(1 + m);
  v = f32(dx - 1);
  const dy = f32(f32(1 - f32(dx - v)) + f32(m - v));
  const t = f32(1 / dx);
  const qx = f32(nx * t);
  const u = fma32(t, nx, -qx);
  let qy = fma32(-dy, t, fma32(-dx, t, 1));
  qy = fma32(qx, qy, fma32(ny, t, u));
  const x2 = f32(qx * qx);
  let p = C1;
  p = fma32(p, x2, C2);
  p = fma32(p, x2, C3);
  // s += 2x (pair), then s += x³·p
  const ax = f32(qx * 2);
  const ay = f32(qy * 2);
  let rx = f32(sx + ax);
  let ry = f32(f32(f32(f32(sx - rx) + ax) + sy) + ay);
  sx = rx;
  sy = ry;
  const w = f32(f32(x2 * qx) * p);
  rx = f32(sx + w);
  ry = f32(f32(f32(sx - rx) + w) + sy);
  return f32(rx + ry);
}
