// The transcript model shared by the readers, the speaker assignment and the writers. Field names
// follow whisperX / OpenAI (`segments[].words[].word`), so the JSON writer's output is what tools
// that read whisperX output expect.

/** One recognised word. Times in seconds; a word the recogniser could not time has no `start`. */
export interface TranscriptWord {
  /** The word as the recogniser wrote it (whisper.cpp and faster-whisper keep a leading space). */
  word: string;
  start?: number;
  end?: number;
  /** Set by `assignSpeakers`. */
  speaker?: string;
}

/** One transcript segment (a subtitle cue, a whisper segment). Times in seconds. */
export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
  /** Word-level timing, when the source has it. */
  words?: TranscriptWord[];
  /** Set by `assignSpeakers`. */
  speaker?: string;
}

/** A whole transcript. */
export interface Transcript {
  segments: TranscriptSegment[];
  /** Language code or name as the source gave it. */
  language?: string;
}

/** One speaker turn. `@dia/rttm`'s `RttmSegment` and `@dia/pipeline`'s `SpeakerTurn` are turns. */
export interface Turn {
  start: number;
  end: number;
  speaker: string;
}

/**
 * A diarization: a list of turns, an `Annotation` of `@dia/rttm` (`{ segments }`), or a
 * `DiarizationResult` of `@dia/pipeline`, whose `exclusiveAnnotation` is pyannote's
 * `exclusive_speaker_diarization`.
 */
export type DiarizationInput =
  | readonly Turn[]
  | { readonly segments: readonly Turn[]; readonly exclusiveAnnotation?: { readonly segments: readonly Turn[] } };
