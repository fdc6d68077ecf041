// Output formats of `dia diarize`.
import { formatTimestamp } from '@dia/transcript';
import type { DiarizationResult } from '../diarize-from-intermediates';

export type OutputFormat = 'rttm' | 'json' | 'srt';

/** The formats `formatResults` writes (a new format is one more entry here and one more branch below). */
export const DIARIZATION_OUTPUT_FORMATS: readonly string[] = ['rttm', 'json', 'srt'] satisfies OutputFormat[];

/** Renders one or more results (RTTM lines concatenated, a JSON array, or SRT per file). */
export function formatResults(results: DiarizationResult[], format: OutputFormat): string {
  if (format === 'rttm') return results.map((r) => r.rttm()).join('');
  if (format === 'json') {
    const json = results.map((r) => ({ uri: r.uri, speakers: r.speakers, segments: r.segments, warnings: r.warnings }));
    return `${JSON.stringify(json.length === 1 ? json[0] : json, null, 2)}\n`;
  }
  return results
    .map((r) => r.segments.map((s, i) => `${i + 1}\n${formatTimestamp(s.start)} --> ${formatTimestamp(s.end)}\n${s.speaker}\n`).join('\n'))
    .join('\n');
}
