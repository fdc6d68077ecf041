// Python's `format(x, '.Nf')`: round the exact binary value, ties to even.

/**
 * Formats `x` with `digits` decimals exactly as Python's `'{:.3f}'.format(x)` does: the exact
 * binary value is rounded to nearest, exact ties to even. (JavaScript's `toFixed` also rounds the
 * exact value but breaks exact ties upward: 0.0625 → "0.063" where Python prints "0.062".)
 */
export function formatFixed(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) throw new RangeError(`digits must be an integer in 0..20 (got ${digits})`);
  const fixed = x.toFixed(digits);
  if (Math.abs(x) >= 1e21) return fixed;
  // exact decimal expansion (a double with |x| < 1e21 has ≤ 1074 fractional binary digits, but any
  // value whose expansion at `digits + 1` is 5 followed only by zeros is short: 100 digits suffice)
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 60));
  const dot = exact.indexOf('.');
  const tail = exact.slice(dot + 1 + digits);
  if (!/^50*$/.test(tail)) return fixed;
  // exact tie: toFixed rounded away from zero; Python rounds to the even neighbour
  const truncated = exact.slice(0, dot + 1 + digits).replace(/\.$/, '');
  const lastDigit = Number(truncated[truncated.length - 1]);
  if (lastDigit % 2 === 0) {
    const sign = x < 0 ? '-' : '';
    return sign + truncated;
  }
  return fixed;
}
