// Output formats of `dia diarize`.
import type { DiarizationResult } from '../diarize-from-intermediates';

export type OutputFormat = 'rttm' | 'json' | 'srt';

function srtTime(t: number): string {
  const ms = Math.round(t * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (x: number, n = 2) => String(x).padStart(n, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)},${pad(ms % 1000, 3)}`;
}

/** Renders one or more results (RTTM lines concatenated, a JSON array, or SRT per file). */
export function formatResults(results: DiarizationResult[], format: OutputFormat): string {
  if (format === 'rttm') return results.map((r) => r.rttm()).join('');
  if (format === 'json') {
    const json = results.map((r) => ({ uri: r.uri, speakers: r.speakers, segments: r.segments }));
    return `${JSON.stringify(json.length === 1 ? json[0] : json, null, 2)}\n`;
  }
  return results
    .map((r) => r.segments.map((s, i) => `${i + 1}\n${srtTime(s.start)} --> ${srtTime(s.end)}\n${s.speaker}\n`).join('\n'))
    .join('\n');
}
