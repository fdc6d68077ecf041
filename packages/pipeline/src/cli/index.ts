// Top — the `dia` command line: takes argv; gives an exit code and RTTM/JSON/SRT — or, with a
// transcript, who said what as JSON/SRT/WebVTT/text — on stdout (`dia diarize`, `assign`, `score`,
// `models`, `parity`). `bin.ts` is the executable's entry point.
export { main } from './main';
export type { Io } from './commands';
