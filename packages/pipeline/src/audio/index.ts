export { AudioError, decodeWav, downmix } from './wav';
export type { DecodedAudio } from './wav';
export { loadAudio } from './load';
export { resample } from './resample';
export type { ResampleOptions } from './resample';
