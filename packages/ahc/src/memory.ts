// How much memory a linkage needs, and whether this machine has it now.
import { freemem, totalmem } from 'node:os';
import { condensedSize } from '@dia/ops';
import { AhcError } from './errors';

/** The longest typed array V8 allocates (2^32 elements): the TypeScript path's condensed matrix limit. */
export const MAX_TYPED_ARRAY_LENGTH = 2 ** 32;

/**
 * Bytes a linkage of n observations of d dimensions needs: the condensed distance matrix
 * (n(n−1)/2 float64 values, as scipy allocates) plus the float64 copy of the data the distance
 * kernel reads and O(n) bookkeeping. 20,000 observations: 1.6 GB; 70,000: 19.6 GB.
 */
export function linkageMemoryBytes(n: number, d: number): number {
  return 8 * condensedSize(n) + 8 * n * d + 64 * n;
}

/** Memory available to this process now: MemAvailable (os.freemem), capped by a cgroup limit. */
export function availableMemoryBytes(): number {
  let available = freemem();
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  if (constrained && Number.isFinite(constrained) && constrained < totalmem()) available = Math.min(available, constrained - process.memoryUsage().rss);
  return available;
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(bytes < 1e10 ? 2 : 1)} GB`;

/** The TOO_LARGE error for n observations: what is needed, for how many, and what there is. */
export function memoryError(n: number, d: number, what: string): AhcError {
  return new AhcError('TOO_LARGE', `linkage of ${n.toLocaleString('en-US')} observations needs ${gb(linkageMemoryBytes(n, d))} (the condensed distance matrix holds n(n−1)/2 = ${condensedSize(n).toLocaleString('en-US')} float64 distances, as scipy's does), but ${what}`);
}

/** Throws TOO_LARGE before allocating when the linkage cannot fit in the memory available now. */
export function assertLinkageFits(n: number, d: number, available = availableMemoryBytes()): void {
  if (linkageMemoryBytes(n, d) > available) throw memoryError(n, d, `only ${gb(Math.max(0, available))} of memory is available`);
}
