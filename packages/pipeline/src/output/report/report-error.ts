// The error `dia report` and `buildReport` raise for inputs they cannot turn into a report.

/** A diarization or reference file that cannot be read into a report. */
export class ReportError extends Error {
  readonly code: 'INVALID_RESULT' | 'FILE_NOT_FOUND' | 'AMBIGUOUS_FILE';
  constructor(code: ReportError['code'], message: string) {
    super(message);
    this.name = 'ReportError';
    this.code = code;
  }
}
