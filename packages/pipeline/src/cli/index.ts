// Top — the `dia` command line: takes argv; gives an exit code and RTTM/JSON/SRT on stdout
// (`dia diarize`, `score`, `models`, `parity`). `bin.ts` is the executable's entry point.
export { main } from './main';
export type { Io } from './commands';
