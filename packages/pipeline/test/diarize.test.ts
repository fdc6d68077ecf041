import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, pldaDir } from '@dia/fixtures';
import { parseRttm } from '@dia/rttm';
import { diarize, type DiarizeStage } from '../src/diarize';

const model = (name: string) => fileURLToPath(new URL(`./data/models/${name}`, import.meta.url));

describe('diarize() from audio with the stand-in models (exercises the whole path; cannot reproduce pyannote)', () => {
  it('turns fixture 02\'s clip into a well-formed RTTM with progress per stage', async () => {
    const events: [DiarizeStage, number, number][] = [];
    const r = await diarize(fixture('02').path('clip_16k.wav'), {
      segmentationModel: model('segmentation-standin.onnx'),
      embeddingModel: model('embedding-standin.onnx'),
      plda: pldaDir(),
      onProgress: (stage, done, total) => events.push([stage, done, total]),
    });
    const rttm = r.rttm();
    const [ann] = parseRttm(rttm);
    expect(ann.uri).toBe('clip_16k');
    expect(ann.segments.length).toBe(r.segments.length);
    for (const s of r.segments) expect(s.end).toBeGreaterThan(s.start);
    expect(r.speakers.length).toBeGreaterThan(0);
    expect(events.filter((e) => e[0] === 'segmentation').at(-1)).toEqual(['segmentation', 21, 21]);
    expect(events.filter((e) => e[0] === 'embeddings').at(-1)).toEqual(['embeddings', 63, 63]);
    expect(events.at(-1)).toEqual(['clustering', 1, 1]);
  });

  it('is cancellable and names missing models', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(diarize(fixture('02').path('clip_16k.wav'), { segmentationModel: model('segmentation-standin.onnx'), embeddingModel: model('embedding-standin.onnx'), plda: pldaDir(), signal: ctrl.signal })).rejects.toThrow(/aborted/);
    const saved = { ...process.env };
    delete process.env.DIA_SEGMENT_MODEL_PATH;
    process.env.DIA_MODELS_DIR = mkdtempSync(join(tmpdir(), 'dia-no-models-'));
    await expect(diarize(new Float32Array(16000))).rejects.toThrow(/segmentation-3.0.onnx.*dia models fetch.*DIA_SEGMENT_MODEL_PATH/);
    process.env = saved;
  });
});
