// `@dia/queue/cli`: the dia-queue command line as a function, for `dia worker|enqueue|jobs`.
export { main } from './main';
export type { Io } from './io';
