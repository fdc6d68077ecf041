// The one entry point for writing a speaker-attributed transcript.
import { TranscriptError } from '../errors';
import { renameSpeakers, type SpeakerNames } from '../speaker-names';
import type { Transcript } from '../types';
import { formatTranscriptJson } from './json';
import { formatSrt } from './srt';
import { formatTranscriptText } from './text';
import { formatVtt } from './vtt';

/** Output formats of `writeTranscript`. */
export type TranscriptOutputFormat = 'json' | 'srt' | 'vtt' | 'txt';

/** One writer per output format (a new format is one more entry). */
export const TRANSCRIPT_WRITERS: Readonly<Record<TranscriptOutputFormat, (transcript: Transcript) => string>> = {
  json: formatTranscriptJson,
  srt: formatSrt,
  vtt: formatVtt,
  txt: formatTranscriptText,
};

export interface WriteTranscriptOptions {
  /** Rename speakers on the way out (`parseSpeakerNames`). */
  speakerNames?: SpeakerNames;
}

/** Renders a speaker-attributed transcript as JSON, SRT, WebVTT or plain text. */
export function writeTranscript(transcript: Transcript, format: TranscriptOutputFormat, options: WriteTranscriptOptions = {}): string {
  const writer = Object.prototype.hasOwnProperty.call(TRANSCRIPT_WRITERS, format) ? TRANSCRIPT_WRITERS[format] : undefined;
  if (!writer) throw new TranscriptError('INVALID', `unknown output format '${format}': use one of ${Object.keys(TRANSCRIPT_WRITERS).join(', ')}`);
  return writer(options.speakerNames ? renameSpeakers(transcript, options.speakerNames) : transcript);
}
