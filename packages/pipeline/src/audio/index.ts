// Stage 1 — audio: takes a recording (path, bytes, byte stream such as standard input, or 16 kHz
// samples); gives 16 kHz mono float32 samples — pyannote.audio 4.0.4 core/io.py `Audio`: decode
// (torchcodec = libavcodec; here the built-in WAV reader or the system's ffmpeg), downmix by channel
// mean, torchaudio.functional.resample.
//
// Block-wise reading, for recordings of any length in bounded memory:
//
//   const source = await openAudio(pathOrBytesOrStream, { blockSize: 160_000 });
//   source.info          // { name, format (sniffed), decoder: 'wav' | 'ffmpeg' | 'samples', sampleRate, channels } — native
//   source.totalSamples  // exact 16 kHz length when known up front (WAV file/bytes, samples), else undefined
//   source.duration      // seconds: exact, or FFmpeg's container estimate, or undefined (a pipe)
//   for await (const block of source) { … }   // Float32Array, 16 kHz mono, `blockSize` samples except the last
//   source.warnings      // complete after the last block (truncated WAV, FFmpeg decoding errors)
//   await source.close() // when stopping early (ends ffmpeg); harmless after the end
//
// The blocks concatenated are bit-identical to decoding, downmixing and resampling the whole file
// at once (`Resampler` keeps only the filter's reach of input between blocks). A source is read
// once. `onNativeBlock` also hands out the native-rate mono samples: pyannote's embedding stage
// crops 10 s of the native-rate signal per chunk and resamples each crop alone (`Audio.crop`,
// mode="pad"), which differs from the whole-file resampling near the crop edges unless the
// recording is 16 kHz. `loadAudio` collects the blocks of any input into one array.
export { AudioError } from './errors';
export type { AudioErrorCode } from './errors';
export { decodeWav, downmix, parseWavHeader } from './wav';
export type { DecodedAudio, WavHeader } from './wav';
export { openAudio } from './source';
export type { AudioInput, AudioSource, AudioSourceInfo, OpenAudioOptions } from './source';
export { loadAudio, collectAudio } from './load';
export { resample, resampledLength, Resampler } from './resample';
export type { ResampleOptions } from './resample';
export { sniffFormat } from './sniff';
export type { SniffedFormat } from './sniff';
export { findFfmpeg, findFfprobe } from './ffmpeg';
