// Timestamps of the subtitle and text writers.

/**
 * `hh:mm:ss,mmm` (SRT; `separator` '.' gives WebVTT's `hh:mm:ss.mmm`), rounded to the nearest
 * millisecond; negative times print as 0.
 */
export function formatTimestamp(seconds: number, separator: ',' | '.' = ','): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const pad = (x: number, n = 2) => String(x).padStart(n, '0');
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}
