// Natural logarithm in float64 with a fixed operation sequence, so that the TypeScript kernels and
// every native SIMD level (crates/dia-kernels/src/fbank.rs, `ln`) give the same bits; Math.log and
// libm differ across engines and platforms. The classic fdlibm reduction and polynomial
// (x = 2^k·(1+f), 1+f in [√2/2, √2), s = f/(2+f), minimax R(s²)), written branch-free: < 1 ulp.

const LN2_HI = 6.93147180369123816490e-1; // high bits of ln 2 (k·LN2_HI is exact for |k| < 2^11)
const LN2_LO = 1.90821492927058770002e-10;
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;
/** Smallest normal float64. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * v[i] ← ln(v[i]) for i < n, in place; `words` is a Uint32Array view of v's buffer (the exponent is
 * read from and the reduced mantissa written to the high word). NaN for negative or NaN input,
 * −Infinity for ±0, +Infinity for +Infinity.
 */
export function lnInPlace(v: Float64Array, words: Uint32Array, n: number): void {
  const base = v.byteOffset >>> 2;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (!(x >= MIN_NORMAL && x < Infinity)) {
      v[i] = lnSpecial(x);
      continue;
    }
    // move the mantissa into [√2/2, √2): offset the high word so that the exponent carries at √2
    const hi = base + 2 * i + 1; // little-endian: the high word is the second (every Node target)
    const hx = words[hi] + (0x3ff00000 - 0x3fe6a09e);
    const k = (hx >>> 20) - 0x3ff;
    words[hi] = (hx & 0x000fffff) + 0x3fe6a09e;
    const f = v[i] - 1;
    const hfsq = 0.5 * f * f;
    const s = f / (2 + f);
    const z = s * s;
    const w = z * z;
    const t1 = w * (LG2 + w * (LG4 + w * LG6));
    const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    const r = t2 + t1;
    v[i] = s * (hfsq + r) + k * LN2_LO - hfsq + f + k * LN2_HI;
  }
}

const one = new Float64Array(1);
const oneWords = new Uint32Array(one.buffer);

/** ln(x) for one value: the same bits as `lnInPlace`. */
export function ln(x: number): number {
  if (!(x >= MIN_NORMAL && x < Infinity)) return lnSpecial(x);
  one[0] = x;
  lnInPlace(one, oneWords, 1);
  return one[0];
}

/** ln of a value outside the normal range: subnormals scaled by 2^54 first, then the specials. */
function lnSpecial(x: number): number {
  if (x > 0 && x < MIN_NORMAL) return ln(x * 18014398509481984) - 54 * LN2_HI - 54 * LN2_LO;
  return x === 0 ? -Infinity : x === Infinity ? x : NaN;
}
