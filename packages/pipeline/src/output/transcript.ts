// Speaker-attributed transcripts from a diarization: the glue between `dia diarize --transcript`
// and @dia/transcript.
import { assignSpeakers, writeTranscript, TRANSCRIPT_WRITERS, type AssignSpeakersOptions, type DiarizationInput, type SpeakerNames, type Transcript, type TranscriptOutputFormat } from '@dia/transcript';

/** The output formats that render a speaker-attributed transcript (json, srt, vtt, txt). */
export const TRANSCRIPT_OUTPUT_FORMATS = Object.keys(TRANSCRIPT_WRITERS) as TranscriptOutputFormat[];

export function isTranscriptOutputFormat(format: string): format is TranscriptOutputFormat {
  return (TRANSCRIPT_OUTPUT_FORMATS as string[]).includes(format);
}

export interface AttributedTranscriptOptions extends AssignSpeakersOptions {
  speakerNames?: SpeakerNames;
}

/**
 * Attributes `transcript` to the speakers of `diarization` (a `DiarizationResult`: pyannote's
 * exclusive diarization by default; or any turns) and renders it. Segments are split at speaker
 * changes by default for the subtitle and text formats (srt, vtt, txt), not for json.
 */
export function formatAttributedTranscript(transcript: Transcript, diarization: DiarizationInput, format: TranscriptOutputFormat, options: AttributedTranscriptOptions = {}): string {
  const { speakerNames, ...assign } = options;
  const attributed = assignSpeakers(transcript, diarization, { ...assign, split: assign.split ?? format !== 'json' });
  return writeTranscript(attributed, format, { speakerNames });
}
