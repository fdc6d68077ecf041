export { replayFixture, sharedPlda } from './replay';
export type { ReplayOutcome, StageCheck } from './replay';
export { deviation, describeDeviation } from './compare';
export type { Deviation } from './compare';
