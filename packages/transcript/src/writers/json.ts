// JSON output in WhisperX's shape, with a speaker on every segment and word.
import { transcriptSpeakers } from '../speaker-names';
import type { Transcript } from '../types';

/**
 * JSON: `{ language?, speakers: [...], segments: [{ start, end, text, speaker, words?: [{ word,
 * start?, end?, speaker }] }] }` — WhisperX's field names, so tools that read WhisperX output read
 * it, and `readTranscript` reads it back. A segment or word without a speaker has `"speaker": null`.
 */
export function formatTranscriptJson(transcript: Transcript): string {
  const json = {
    ...(transcript.language === undefined ? {} : { language: transcript.language }),
    speakers: transcriptSpeakers(transcript),
    segments: transcript.segments.map((s) => ({
      start: s.start,
      end: s.end,
      text: s.text,
      speaker: s.speaker ?? null,
      ...(s.words ? { words: s.words.map((w) => ({ word: w.word, start: w.start, end: w.end, speaker: w.speaker ?? null })) } : {}),
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
