/** Round half to even, as numpy `np.rint` (not `Math.round`, which rounds ties up). */
export function rint(x: number): number {
  const f = Math.floor(x);
  const d = x - f; // exact for |x| < 2^52
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}
