// Help texts of `dia worker`, `dia enqueue` and `dia jobs` (also `dia-queue <command>`).
const REDIS = `  --redis <url>          Redis (default $DIA_REDIS_URL or redis://127.0.0.1:6379)
  --queue <name>         queue name (default dia)`;

export const HELP = {
  main: `dia worker | enqueue | jobs — diarization on many machines through BullMQ/Redis (@dia/queue)

Usage: dia-queue <command> [options]   (or: dia <command>, when @dia/pipeline and @dia/queue are installed)

Commands:
  worker                 load the models once, then diarize jobs from the queue
  enqueue <audio...>     add diarization jobs (paths on shared storage or http(s) URLs)
  jobs [status|results|retry-failed]   look at the queue, print results, retry failed jobs

Run 'dia-queue <command> --help' for the options of a command.
`,
  worker: `Usage: dia worker [options]

Loads segmentation, embedding and PLDA once per job slot, then takes diarization jobs from the queue
until SIGTERM or SIGINT (then it finishes the jobs it holds and exits; a second signal exits at once).
Progress goes to BullMQ's job progress. Run one per machine (or several with --threads 1).

Options:
${REDIS}
  --concurrency <n>      jobs at once in this process, each on its own thread (default 1)
  --threads <n>          onnxruntime threads per model and job (default: CPUs / concurrency)
  --segmentation-model <p>  segmentation ONNX (default $DIA_SEGMENT_MODEL_PATH or the cache)
  --embedding-model <p>  WeSpeaker ONNX (default $DIA_EMBED_MODEL_PATH or the cache)
  --plda <dir>           PLDA directory (default $DIA_PLDA_DIR or the cache)
  --lock-duration <ms>   a job's lock without renewal: how soon a dead worker's job moves on (default 30000)
  --stalled-interval <ms>  how often to look for jobs of dead workers (default 30000)
  --max-stalled <n>      recoveries from dead workers before a job fails (default 1)
  --log text|json        log format on standard output (default text)
`,
  enqueue: `Usage: dia enqueue <audio...> [options]

Adds one diarization job per file and prints the job ids, one per line. A job names its audio by
absolute path (the same on every worker: shared storage) or by http(s) URL. By default the id is
derived from the audio's SHA-256 and the options: enqueueing the same work again adds nothing.

Options:
${REDIS}
  --num-speakers <n>     exact number of speakers
  --min-speakers <n>     at least n speakers
  --max-speakers <n>     at most n speakers
  --uri <name>           file id in the RTTM (one file only; default the file name without extension)
  --batch-size <n>       chunks per ONNX run (default 32)
  --out <dir>            the worker also writes <uri>.rttm and <uri>.json there (atomically)
  --id content|auto      job ids from content (default) or BullMQ's counter
  --attempts <n>         attempts for failures that may pass (default 3; input errors fail at once)
  --backoff <ms>         first retry delay, doubled each time (default 10000)
  --wait                 follow the jobs until all are done; exit 1 if any failed
  -o, --output <file>    with --wait: write the results there, as dia diarize -o would
  --format rttm|json     with --wait: format of --output (default rttm)
  -q, --quiet            with --wait: no progress on standard error
`,
  jobs: `Usage: dia jobs [status|results|retry-failed] [options]

  status                 counts per state, active jobs with progress, failed jobs with reasons
  results [ids...]       results of completed jobs (all, oldest first, when no id is given)
  retry-failed           move every failed job back to the queue

Options:
${REDIS}
  --format rttm|json     results format (default rttm, as dia diarize)
  -o, --output <file>    write results to a file
`,
} as const;
