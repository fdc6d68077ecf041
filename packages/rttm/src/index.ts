export { RttmError } from './errors';
export type { Annotation, RttmSegment, Interval } from './types';
export { parseRttm, formatRttm, sortSegments } from './rttm';
export { formatFixed } from './format-fixed';
export { speakers, totalSpeech, speakerDurations, overlapRegions, supportAnnotation, crop, cropToIntervals } from './annotation';
export { support, gaps, intersect, duration } from './timeline';
export { diarizationErrorRate, diarizationErrorRegions, jaccardErrorRate } from './der';
export type { DerOptions, DerResult, JerResult, DerRegionsResult, ErrorRegion, ErrorKind } from './der';
