// Stage 1 — audio: takes a file path or bytes (or samples); gives 16 kHz mono float32 samples —
// pyannote.audio core/io.py Audio: decode, downmix by channel mean, torchaudio.functional.resample.
export { AudioError, decodeWav, downmix } from './wav';
export type { DecodedAudio } from './wav';
export { loadAudio } from './load';
export { resample } from './resample';
export type { ResampleOptions } from './resample';
