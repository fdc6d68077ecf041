// What a diarization job carries and returns: the contract between `enqueueDiarization`, the
// workers and `dia jobs`. Everything here is plain JSON, as BullMQ stores it in Redis.
import type { DiarizeStage } from '@dia/pipeline';

/** The `diarize()` options a job carries (models belong to the worker, not the job). */
export interface DiarizationJobOptions {
  /** Exact number of speakers. */
  numSpeakers?: number;
  /** At least this many speakers. */
  minSpeakers?: number;
  /** At most this many speakers. */
  maxSpeakers?: number;
  /** The file id in the RTTM. Default: the file name without extension (of the path or URL). */
  uri?: string;
  /** Chunks and pairs per ONNX run (default 32, as community-1). */
  batchSize?: number;
}

/** The data of a BullMQ job of the diarization queue. */
export interface DiarizationJobData {
  /** An absolute path every worker can read (shared storage), or an http(s) URL. */
  audio: string;
  options: DiarizationJobOptions;
  /** A directory every worker can write: `<uri>.rttm` and `<uri>.json` are written there atomically. */
  out?: string;
  /** SHA-256 (hex) of the audio bytes when the job id was derived from them; the worker checks it. */
  audioSha256?: string;
}

/** A speaker turn, as `diarize()` returns it. */
export interface DiarizationJobTurn {
  start: number;
  end: number;
  speaker: string;
}

/** The return value of a completed diarization job. */
export interface DiarizationJobResult {
  uri: string;
  /** SPEAKER_00, SPEAKER_01, … */
  speakers: string[];
  /** Speaker turns in pyannote's order. */
  segments: DiarizationJobTurn[];
  /** The RTTM text, byte for byte what `diarize(…).rttm()` gives. */
  rttm: string;
  /** Duration of the audio (16 kHz samples / 16000). */
  audioSeconds: number;
  /** Time the worker spent on the job (download, decoding, diarization, output files). */
  processingMs: number;
  /** The worker that completed the job: `host:pid`. */
  worker: string;
}

/** Progress a worker reports through BullMQ's job progress while it diarizes. */
export interface DiarizationJobProgress {
  stage: 'download' | DiarizeStage;
  done: number;
  total: number;
  /** Overall fraction of the job done, 0…1 (segmentation ≈ 10 %, embeddings ≈ 85 %, clustering the rest). */
  fraction: number;
}
