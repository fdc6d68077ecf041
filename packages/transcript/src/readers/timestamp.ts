// Subtitle timestamps: SRT `00:01:02,500`, WebVTT `00:01:02.500` or `01:02.500`.

const TIMESTAMP = /^(?:(\d+):)?([0-5]?\d):([0-5]\d)(?:[.,](\d{1,3}))?$/;

/**
 * Seconds of an `[hh:]mm:ss[,.]mmm` timestamp (SRT or WebVTT), or undefined when `text` is not
 * one. The value is the double nearest the decimal time (milliseconds / 1000).
 */
export function parseTimestamp(text: string): number | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return undefined;
  const fraction = (m[4] ?? '').padEnd(3, '0');
  const ms = ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(fraction);
  return ms / 1000;
}
