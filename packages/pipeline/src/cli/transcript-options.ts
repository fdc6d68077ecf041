// The options `dia diarize --transcript` and `dia assign` share: reading the transcript and the
// speaker names, and how words are matched to turns.
import { existsSync, readFileSync } from 'node:fs';
import { parseSpeakerNames, readTranscript, type SpeakerNames, type Transcript } from '@dia/transcript';
import type { AttributedTranscriptOptions } from '../output/transcript';
import { UsageError, type OptionSpec, type ParsedArgs } from './args';

export const TRANSCRIPT_OPTION_SPEC: Record<string, OptionSpec> = {
  transcript: { value: true },
  'transcript-format': { value: true },
  'speaker-names': { value: true },
  turns: { value: true },
  'fill-nearest': {},
  'no-fill-nearest': {},
  split: {},
  'no-split': {},
};

export const TRANSCRIPT_OPTIONS_HELP = `  --transcript <file>        ASR output to attribute to speakers: OpenAI verbose_json, whisper.cpp
                             JSON (-oj, -ojf), WhisperX / faster-whisper JSON, SRT or WebVTT
  --transcript-format <f>    force the transcript format: openai, whisper.cpp, whisperx, srt, vtt
  --speaker-names <map>      rename speakers: "SPEAKER_00=Alice,SPEAKER_01=Bob", a JSON object, or
                             a file holding either
  --turns exclusive|overlapping
                             match words against one speaker at a time (default; pyannote's
                             exclusive diarization) or against overlapping turns (as whisperX)
  --no-fill-nearest          leave words outside every turn without a speaker (whisperX's default;
                             dia fills them from the nearest turn)
  --split / --no-split       cut segments where the speaker changes between words (default for
                             srt, vtt and txt; not for json)
`;

/** Reads `--transcript` (format detected unless `--transcript-format`). */
export function transcriptOption(options: ParsedArgs['options']): Transcript | undefined {
  const file = options.transcript;
  if (file === undefined) {
    for (const name of Object.keys(TRANSCRIPT_OPTION_SPEC)) {
      if (name !== 'transcript' && options[name] !== undefined) throw new UsageError(`--${name} applies to a transcript: give --transcript <file>`);
    }
    return undefined;
  }
  const format = options['transcript-format'] as string | undefined;
  return readTranscript(readFileSync(file as string, 'utf8'), { file: file as string, format });
}

/** `--speaker-names`: an inline mapping, or a file holding one. */
function speakerNamesOption(value: string | boolean | undefined): SpeakerNames | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const isFile = !text.includes('=') && !text.trim().startsWith('{') && existsSync(text);
  return isFile ? parseSpeakerNames(readFileSync(text, 'utf8'), text) : parseSpeakerNames(text);
}

/** How words are matched to turns and how the result is written, from the command line. */
export function attributionOptions(options: ParsedArgs['options']): AttributedTranscriptOptions {
  const turns = options.turns as string | undefined;
  if (turns !== undefined && turns !== 'exclusive' && turns !== 'overlapping') throw new UsageError(`--turns must be exclusive or overlapping (got ${turns})`);
  if (options['fill-nearest'] && options['no-fill-nearest']) throw new UsageError('give --fill-nearest or --no-fill-nearest, not both');
  if (options.split && options['no-split']) throw new UsageError('give --split or --no-split, not both');
  return {
    turns: turns as AttributedTranscriptOptions['turns'],
    fillNearest: !options['no-fill-nearest'],
    split: options.split ? true : options['no-split'] ? false : undefined,
    speakerNames: speakerNamesOption(options['speaker-names']),
  };
}
