// Sliding-window geometry of pyannote.core's SlidingWindow, and community-1's chunk and frame windows.
import { rint } from './rint';

/** pyannote.core `SlidingWindow(start, duration, step)`. */
export class SlidingWindow {
  constructor(
    readonly start: number,
    readonly duration: number,
    readonly step: number,
  ) {}

  /** Start time of window i: `start + i·step` (pyannote.core `SlidingWindow.__getitem__`). */
  windowStart(i: number): number {
    return this.start + i * this.step;
  }

  /** Middle of window i: `0.5·(s + (s + duration))`, evaluated as pyannote.core `Segment.middle`. */
  middle(i: number): number {
    const s = this.start + i * this.step;
    const e = s + this.duration;
    return 0.5 * (s + e);
  }

  /** Index of the window whose middle is closest to t: `int(rint((t − start − 0.5·duration)/step))` (`closest_frame`). */
  closestFrame(t: number): number {
    return rint((t - this.start - 0.5 * this.duration) / this.step);
  }
}

export const SAMPLE_RATE = 16_000;
/** Segmentation window: 10 s chunks every 1 s (community-1: duration 10, step ratio 0.1). */
export const CHUNK_DURATION = 10.0;
export const CHUNK_STEP = 1.0;
/** Samples per chunk (160 000) and per step (16 000). */
export const CHUNK_SAMPLES = Math.round(CHUNK_DURATION * SAMPLE_RATE);
export const STEP_SAMPLES = Math.round(CHUNK_STEP * SAMPLE_RATE);
/** Frames per chunk produced by segmentation-3.0. */
export const FRAMES_PER_CHUNK = 589;
/** segmentation-3.0 receptive field: duration 991/16000 s, step 270/16000 s. */
export const FRAME_DURATION = 0.0619375;
export const FRAME_STEP = 0.016875;

/** The chunk window `(0, 10, 1)` of community-1. */
export const chunkWindow = new SlidingWindow(0.0, CHUNK_DURATION, CHUNK_STEP);
/** The frame window `(0, 0.0619375, 0.016875)` used for counting and reconstruction. */
export const frameWindow = new SlidingWindow(0.0, FRAME_DURATION, FRAME_STEP);

/**
 * Number of chunks pyannote's `Inference.slide` produces for `numSamples` samples: full windows
 * every step, plus one zero-padded last chunk when samples remain (or when the file is shorter
 * than one window). An empty file still yields one all-zero chunk.
 */
export function chunkCount(numSamples: number): number {
  if (numSamples <= CHUNK_SAMPLES) return 1;
  const full = Math.floor((numSamples - CHUNK_SAMPLES) / STEP_SAMPLES) + 1;
  const hasLast = (numSamples - CHUNK_SAMPLES) % STEP_SAMPLES > 0 ? 1 : 0;
  return full + hasLast;
}
