// `dia report`: the HTML report of a diarization (timeline, player, summary, comparison, transcript).
import { readFileSync, writeFileSync } from 'node:fs';
import { buildReport } from '../output/report/build-report';
import { parseDiarizations, pickDiarization, type Diarization } from '../output/report/diarization-file';
import { parseArgs, UsageError, type ParsedArgs } from './args';
import { reportTranscript, wantsHelp, type Io } from './commands';
import { attributionOptions, TRANSCRIPT_OPTION_SPEC, TRANSCRIPT_OPTIONS_HELP, transcriptOption } from './transcript-options';

export const REPORT_HELP = `Usage: dia report <audio> <result.json|result.rttm> [options]

Writes one self-contained HTML page to look at and listen to a diarization: one lane per speaker
over the audio's energy, a player (click a turn or the time axis to play from there), zoom and
pan, a per-speaker summary with renaming. The page works offline and makes no network requests.
The result is what 'dia diarize --format json' writes, or RTTM.

Options:
  -o, --output <file>      write the page to a file (default: standard output)
  --reference <file>       compare with a reference RTTM (or JSON): reference lanes, missed,
                           false-alarm and confusion regions, and the DER as 'dia score' prints it
  --collar <seconds>       scoring collar for --reference (default 0)
  --skip-overlap           do not score overlapping reference speech
  --uri <name>             the file to show when the result or reference holds several
  --embed-limit <MiB>      embed audio files up to this size in the page (default 20; 0: always
                           link); a larger file is linked by its path relative to the page
  --title <text>           page title (default: the file's uri)

A transcript (--transcript) is shown beside the timeline, synced to playback, its segments and
words attributed to the shown speakers as 'dia assign' does (segments kept whole unless --split);
--speaker-names sets the names the page starts with.
${TRANSCRIPT_OPTIONS_HELP}`;

/** A number ≥ 0 option, or undefined. */
function nonNegative(options: ParsedArgs['options'], name: string): number | undefined {
  const v = options[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !(n >= 0) || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number ≥ 0 (got ${String(v)})`);
  return n;
}

/** The reference for `hypothesis`: the file of the same uri (or `--uri`), else the only one. */
function chooseReference(files: Diarization[], hypothesis: Diarization, uri: string | undefined): Diarization {
  const wanted = uri ?? hypothesis.uri;
  return files.find((f) => f.uri === wanted) ?? (files.length === 1 ? files[0] : pickDiarization(files, wanted, 'the reference'));
}

export async function reportCommand(argv: string[], io: Io): Promise<number> {
  if (wantsHelp(argv)) { io.stdout.write(REPORT_HELP); return 0; }
  const { positionals, options } = parseArgs(argv, {
    output: { value: true, alias: 'o' }, reference: { value: true }, collar: { value: true }, 'skip-overlap': {},
    uri: { value: true }, 'embed-limit': { value: true }, title: { value: true }, ...TRANSCRIPT_OPTION_SPEC,
  });
  if (positionals.length !== 2) throw new UsageError('give the audio and its diarization (dia report audio.wav result.json -o report.html)');
  const [audio, resultFile] = positionals;
  const uri = options.uri as string | undefined;
  const collar = nonNegative(options, 'collar');
  const embedLimitMiB = nonNegative(options, 'embed-limit');
  if ((collar !== undefined || options['skip-overlap']) && !options.reference) throw new UsageError('--collar and --skip-overlap score the comparison: give --reference too');
  const diarization = pickDiarization(parseDiarizations(readFileSync(resultFile, 'utf8'), resultFile), uri, resultFile);
  const referenceFile = options.reference as string | undefined;
  const reference = referenceFile ? chooseReference(parseDiarizations(readFileSync(referenceFile, 'utf8'), referenceFile), diarization, uri) : undefined;
  const transcript = transcriptOption(options);
  const html = await buildReport({
    audio,
    diarization,
    reportPath: options.output as string | undefined,
    embedLimit: embedLimitMiB === undefined ? undefined : Math.floor(embedLimitMiB * 1024 * 1024),
    reference,
    score: { collar: collar ?? 0, skipOverlap: options['skip-overlap'] === true },
    ...reportTranscript(transcript, transcript ? attributionOptions(options) : undefined),
    title: options.title as string | undefined,
  });
  if (options.output) writeFileSync(options.output as string, html);
  else io.stdout.write(html);
  return 0;
}
