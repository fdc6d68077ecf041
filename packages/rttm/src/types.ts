/** One speaker turn (an RTTM SPEAKER line). Times in seconds. */
export interface RttmSegment {
  start: number;
  duration: number;
  end: number;
  speaker: string;
  channel: number;
  /** pyannote track name (orders turns that share start and end); optional. */
  track?: string;
}

/** The turns of one file (RTTM uri). */
export interface Annotation {
  uri: string;
  segments: RttmSegment[];
}

/** A half-open time interval [start, end). */
export interface Interval {
  start: number;
  end: number;
}
