// Stage 5 — output: takes diarization results; gives the text users keep (RTTM, JSON, SRT) —
// pyannote Annotation.write_rttm for RTTM — and speaker-attributed transcripts (@dia/transcript).
export { formatResults } from './format';
export type { OutputFormat } from './format';
export { formatAttributedTranscript, isTranscriptOutputFormat, TRANSCRIPT_OUTPUT_FORMATS } from './transcript';
export type { AttributedTranscriptOptions } from './transcript';
