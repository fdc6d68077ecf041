// Stage 0 — geometry, shared by every stage: takes nothing; gives the chunk and frame sliding
// windows of community-1 (10 s chunks every 1 s, 589 segmentation frames each), the chunk plan of
// a recording and numpy's half-to-even `rint` (pyannote.core SlidingWindow, pyannote Inference.slide).
export {
  SlidingWindow, chunkWindow, frameWindow, chunkCount, SAMPLE_RATE, CHUNK_DURATION, CHUNK_STEP, CHUNK_SAMPLES, STEP_SAMPLES, FRAMES_PER_CHUNK, FRAME_DURATION, FRAME_STEP,
} from './sliding-window';
export { rint } from './rint';
