// Stage 5 — output: takes diarization results; gives the text users keep (RTTM, JSON, SRT) —
// pyannote Annotation.write_rttm for RTTM — speaker-attributed transcripts (@dia/transcript), the
// DER table `dia score` prints, and the HTML report.
export { formatResults } from './format';
export type { OutputFormat } from './format';
export { formatAttributedTranscript, isTranscriptOutputFormat, TRANSCRIPT_OUTPUT_FORMATS } from './transcript';
export type { AttributedTranscriptOptions } from './transcript';
export { formatScoreTable } from './score-table';
export type { ScoredFile } from './score-table';
export { buildReport } from './report/build-report';
export type { ReportOptions } from './report/build-report';
export { DEFAULT_EMBED_LIMIT, audioMimeType } from './report/audio-source';
export { parseDiarizations, pickDiarization } from './report/diarization-file';
export type { Diarization } from './report/diarization-file';
export { audioEnvelope } from './report/envelope';
export type { AudioEnvelope, EnvelopeOptions } from './report/envelope';
export { ReportError } from './report/report-error';
