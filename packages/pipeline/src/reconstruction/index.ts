// Stage 4 — reconstruction: takes the segmentations, the hard clusters and the speaker count;
// gives the frame-level discrete diarization and the speaker turns (an annotation with
// SPEAKER_xx labels) — pyannote SpeakerDiarization.reconstruct and Inference.to_annotation.
export { reconstruct, forceInactiveUnassigned } from './reconstruct';
export { toAnnotation, speakerLabels, trackName, compareTurns } from './to-annotation';
export type { ClusterTurn, ToAnnotationOptions } from './to-annotation';
