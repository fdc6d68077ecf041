// Progress on standard error, drawn by cli-progress: on a terminal one line redrawn in place, fitted
// to the terminal's width (the file name shortened); elsewhere (a log, a pipe) plain lines at the
// start and end of each stage and once a minute in between.
import { SingleBar, type Options, type Params } from 'cli-progress';
import type { ProgressStream } from '../progress';

/** `m:ss`, or `h:mm:ss` from an hour on. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** `45s`, `3m12s`, `1h02m`. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `name` in at most `width` characters: its last path component, then an ellipsis in the middle. */
export function shortenName(name: string, width: number): string {
  if (name.length <= width) return name;
  const base = name.split(/[\\/]/).pop() as string;
  if (base.length <= width) return base;
  if (width <= 1) return '…'.slice(0, Math.max(0, width));
  const head = Math.ceil((width - 1) / 2);
  return `${base.slice(0, head)}…${base.slice(base.length - (width - 1 - head))}`;
}

export interface ProgressState {
  name: string;
  stage: string;
  /** Seconds of audio processed. */
  processed: number;
  /** Recording duration in seconds, if known. */
  duration: number | undefined;
  /** Seconds left, if estimable. */
  eta: number | undefined;
}

const STAGE_WIDTH = 12;
const BAR_MIN = 10;
const BAR_MAX = 30;

/**
 * One progress line of at most `width` characters:
 * `name  stage  [#####.....] 12:34 / 58:10 audio  ETA 3m12s`. The bar shrinks first, then the name.
 */
export function progressLine(width: number, s: ProgressState): string {
  const known = s.duration !== undefined && s.duration > 0;
  const audio = known ? `${formatClock(s.processed)} / ${formatClock(s.duration as number)} audio` : `${formatClock(s.processed)} audio`;
  const eta = s.eta !== undefined && Number.isFinite(s.eta) ? `  ETA ${formatEta(s.eta)}` : '';
  const tail = `  ${s.stage.padEnd(STAGE_WIDTH)} `;
  const fixed = tail.length + audio.length + eta.length;
  const withBar = known ? 3 : 0; // "[", "]" and a space
  const room = width - fixed - withBar;
  const barWidth = known ? Math.max(0, Math.min(BAR_MAX, room - Math.min(s.name.length, 20))) : 0;
  const bar = known && barWidth >= BAR_MIN ? `[${'#'.repeat(Math.round(Math.min(1, s.processed / (s.duration as number)) * barWidth)).padEnd(barWidth, '.')}] ` : '';
  const line = `${shortenName(s.name, Math.max(1, width - fixed - bar.length))}${tail}${bar}${audio}${eta}`;
  return line.length <= width ? line : line.slice(0, Math.max(0, width));
}

/** Progress of one file through the stages of `dia diarize`. */
export interface FileProgress {
  /** The stage and how much of the recording it has processed (seconds). */
  update(stage: string, processed: number, duration: number | undefined): void;
  /** Ends the display (always call it, also on errors: a terminal bar runs a timer). */
  end(): void;
}

/** A progress display for `name` on `stream` (a no-op for `quiet`); cli-progress reads the width from `stream.columns`. */
export function fileProgress(stream: ProgressStream, name: string, options: { quiet?: boolean; plainInterval?: number } = {}): FileProgress {
  if (options.quiet) return { update: () => undefined, end: () => undefined };
  let bar: SingleBar | undefined;
  let stage = '';
  let duration: number | undefined;
  const format = (_options: Options, params: Params, payload: { stage: string }): string =>
    progressLine(params.maxWidth - 1, {
      name,
      stage: payload.stage,
      processed: params.value,
      duration,
      eta: duration !== undefined && params.value > 0 && typeof params.eta === 'number' ? params.eta : undefined,
    });
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    update(next, processed, total) {
      duration = total;
      if (next !== stage || !bar) {
        stop();
        stage = next;
        bar = new SingleBar({
          stream: stream as NodeJS.WritableStream,
          format,
          clearOnComplete: true, // on a terminal the next stage draws in its place; elsewhere no blank line
          noTTYOutput: true,
          notTTYSchedule: options.plainInterval ?? 60_000,
          etaBuffer: 20,
        });
        bar.start(total ?? 0, processed, { stage });
      }
      if (total !== undefined) bar.setTotal(total);
      bar.update(processed, { stage });
    },
    end: stop,
  };
}

