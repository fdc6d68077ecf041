// Replacing diarization labels (SPEAKER_00, …) by people's names.
import { TranscriptError } from './errors';
import type { Transcript } from './types';

/** Label → name. */
export type SpeakerNames = Readonly<Record<string, string>>;

/**
 * Reads a speaker-name mapping: a JSON object (`{"SPEAKER_00": "Alice"}`) or a comma-separated
 * list `SPEAKER_00=Alice,SPEAKER_01=Bob` (names may contain spaces, not commas; use JSON for those).
 */
export function parseSpeakerNames(text: string, file?: string): SpeakerNames {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (err) {
      throw new TranscriptError('PARSE', `speaker names: invalid JSON (${err instanceof Error ? err.message : String(err)})`, { file });
    }
    const names: Record<string, string> = {};
    for (const [label, name] of Object.entries(value as Record<string, unknown>)) {
      if (typeof name !== 'string' || name.trim() === '') throw new TranscriptError('INVALID', `speaker names: expected a non-empty string name for '${label}'`, { file, path: `$.${label}` });
      names[label] = name.trim();
    }
    return names;
  }
  const names: Record<string, string> = {};
  for (const pair of trimmed.split(',').filter((p) => p.trim() !== '')) {
    const eq = pair.indexOf('=');
    const label = pair.slice(0, eq).trim();
    const name = pair.slice(eq + 1).trim();
    if (eq < 0 || label === '' || name === '') throw new TranscriptError('INVALID', `speaker names: expected LABEL=Name pairs separated by commas (SPEAKER_00=Alice,SPEAKER_01=Bob), found '${pair.trim()}'`, { file });
    names[label] = name;
  }
  return names;
}

/** A copy of the transcript with every segment and word speaker renamed; labels not in `names` are kept. */
export function renameSpeakers(transcript: Transcript, names: SpeakerNames): Transcript {
  const rename = <T extends { speaker?: string }>(item: T): T =>
    item.speaker !== undefined && Object.prototype.hasOwnProperty.call(names, item.speaker) ? { ...item, speaker: names[item.speaker] } : item;
  return {
    ...transcript,
    segments: transcript.segments.map((s) => {
      const segment = rename(s);
      return s.words ? { ...segment, words: s.words.map(rename) } : segment;
    }),
  };
}

/** The speakers of a transcript in order of first appearance (segments, then their words). */
export function transcriptSpeakers(transcript: Transcript): string[] {
  const seen = new Set<string>();
  for (const s of transcript.segments) {
    if (s.speaker !== undefined) seen.add(s.speaker);
    for (const w of s.words ?? []) if (w.speaker !== undefined) seen.add(w.speaker);
  }
  return [...seen];
}
