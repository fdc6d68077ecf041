export { AudioError, decodeWav, downmix } from './wav';
export type { DecodedAudio } from './wav';
export { loadAudio } from './load';
