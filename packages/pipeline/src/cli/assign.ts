// `dia assign`: who said what, from a transcript and a diarization that already exist.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseRttm } from '@dia/rttm';
import { formatAttributedTranscript, isTranscriptOutputFormat, TRANSCRIPT_OUTPUT_FORMATS } from '../output/transcript';
import { parseArgs, UsageError } from './args';
import type { Io } from './commands';
import { attributionOptions, TRANSCRIPT_OPTION_SPEC, TRANSCRIPT_OPTIONS_HELP, transcriptOption } from './transcript-options';

export const ASSIGN_HELP = `Usage: dia assign --transcript <asr> --diarization <rttm> [options]

Attributes every segment and word of a transcript to a speaker of an RTTM (from dia, pyannote or
anywhere), with whisperX's assign_word_speakers rule: the speaker whose turns overlap it longest.

  dia assign --transcript meeting.json --diarization meeting.rttm --format srt > meeting.srt

An RTTM has no exclusive view: where its turns overlap, the longest turn's speaker is taken
(--turns overlapping matches the turns as given, as whisperX does).

Options:
  --diarization <rttm>       the speaker turns
  --uri <name>               which file of a multi-file RTTM (default: its only file)
  --format json|srt|vtt|txt  output format (default json)
  -o, --output <file>        write to a file instead of standard output
${TRANSCRIPT_OPTIONS_HELP}`;

export function assignCommand(argv: string[], io: Io): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(ASSIGN_HELP);
    return 0;
  }
  const { positionals, options } = parseArgs(argv, {
    diarization: { value: true }, uri: { value: true }, format: { value: true }, output: { value: true, alias: 'o' }, ...TRANSCRIPT_OPTION_SPEC,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}' (dia assign --transcript <asr> --diarization <rttm>)`);
  if (options.transcript === undefined) throw new UsageError('no transcript given (--transcript <asr.json|srt|vtt>)');
  if (options.diarization === undefined) throw new UsageError('no diarization given (--diarization <file.rttm>)');
  const format = (options.format as string | undefined) ?? 'json';
  if (!isTranscriptOutputFormat(format)) throw new UsageError(`--format must be ${TRANSCRIPT_OUTPUT_FORMATS.join(', ')} (got ${format})`);
  const attribution = attributionOptions(options);
  const transcript = transcriptOption(options);
  const annotations = parseRttm(readFileSync(options.diarization as string, 'utf8'));
  const uri = options.uri as string | undefined;
  const annotation = uri === undefined ? annotations[0] : annotations.find((a) => a.uri === uri);
  if (uri === undefined && annotations.length > 1) {
    throw new UsageError(`${options.diarization as string} holds ${annotations.length} files (${annotations.map((a) => a.uri).join(', ')}): choose one with --uri`);
  }
  if (uri !== undefined && !annotation) throw new UsageError(`${options.diarization as string} has no file '${uri}' (it has: ${annotations.map((a) => a.uri).join(', ') || 'none'})`);
  const text = formatAttributedTranscript(transcript as NonNullable<typeof transcript>, annotation ?? { segments: [] }, format, attribution);
  if (options.output) writeFileSync(options.output as string, text);
  else io.stdout.write(text);
  return 0;
}
