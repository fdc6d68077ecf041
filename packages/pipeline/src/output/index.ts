// Stage 5 — output: takes diarization results; gives the text users keep (RTTM, JSON, SRT) —
// pyannote Annotation.write_rttm for RTTM.
export { formatResults } from './format';
export type { OutputFormat } from './format';
