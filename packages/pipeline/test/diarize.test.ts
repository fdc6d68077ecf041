import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, pldaDir, realModelPath } from '@dia/fixtures';
import { parseRttm } from '@dia/rttm';
import { diarize, loadDiarizationModels, type DiarizeStage } from '../src/diarize';
import { loadAudio } from '../src/audio/load';
import { bytes, wav } from './make-wav';

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
    expect(events.filter((e) => e[0] === 'embeddings').at(-1)).toEqual(['embeddings', 21, 21]); // chunks embedded
    expect(events.at(-1)).toEqual(['clustering', 1, 1]);
  });

  it('is cancellable and names missing models', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(diarize(fixture('02').path('clip_16k.wav'), { segmentationModel: model('segmentation-standin.onnx'), embeddingModel: model('embedding-standin.onnx'), plda: pldaDir(), signal: ctrl.signal })).rejects.toThrow(/aborted/);
    const saved = { ...process.env };
    delete process.env.DIA_SEGMENT_MODEL_PATH;
    process.env.DIA_MODELS_DIR = mkdtempSync(join(tmpdir(), 'dia-no-models-'));
    // offline, a model missing from the cache is not fetched on first use
    await expect(diarize(new Float32Array(16000), { offline: true })).rejects.toThrow(/segmentation-3.0.onnx and nothing is downloaded offline.*dia models fetch.*DIA_SEGMENT_MODEL_PATH/);
    process.env = saved;
  });
});

const realSegmentation = realModelPath('segmentation');
describe.skipIf(!realSegmentation)('diarize() from audio with the real segmentation-3.0 and the stand-in embedding model', () => {
  it('fixture 07: speech where pyannote found speech (the embedding stand-in decides only who is who)', async () => {
    const fx = fixture('07');
    const r = await diarize(fx.path('clip_16k.wav'), { segmentationModel: realSegmentation, embeddingModel: model('embedding-standin.onnx'), plda: pldaDir() });
    const [ref] = parseRttm(fx.referenceRttm());
    const [hyp] = parseRttm(r.rttm());
    // speech/non-speech and overlap come from the segmentation alone, so the union of turns agrees
    const union = (a: typeof ref) => {
      const spans = a.segments.map((s) => [s.start, s.start + s.duration]).sort((x, y) => x[0] - y[0]);
      const out: number[][] = [];
      for (const sp of spans) if (out.length && sp[0] <= out[out.length - 1][1]) out[out.length - 1][1] = Math.max(out[out.length - 1][1], sp[1]); else out.push([...sp]);
      return out;
    };
    const u = union(hyp);
    const v = union(ref);
    expect(u.length).toBe(v.length);
    let worst = 0;
    for (let i = 0; i < u.length; i++) worst = Math.max(worst, Math.abs(u[i][0] - v[i][0]), Math.abs(u[i][1] - v[i][1]));
    console.log(`07 with the real segmentation: ${u.length} speech regions, worst boundary difference from pyannote ${worst.toFixed(3)} s; ${r.speakers.length} speakers with the stand-in embedding`);
    expect(worst).toBeLessThanOrEqual(0.0005);
  });

  it('zero-length, silent-only and sub-second audio give an empty, valid result; NaN is a typed error', async () => {
    const models = await loadDiarizationModels({ segmentationModel: realSegmentation, embeddingModel: model('embedding-standin.onnx'), plda: pldaDir() });
    const speech = await loadAudio(fixture('02').path('clip_16k.wav'));
    const wav16 = (x: Float32Array) => wav(3, 1, 16000, 32, bytes(x));
    for (const [what, input] of [
      ['a WAV without samples', wav16(new Float32Array(0))],
      ['5 s of silence', wav16(new Float32Array(80_000))],
      ['0.9 s of speech', speech.slice(48_000, 62_400)],
    ] as const) {
      const r = await diarize(input, models);
      expect([what, r.speakers, r.segments, r.rttm(), r.warnings]).toEqual([what, [], [], '', []]);
    }
    const bad = speech.slice(0, 32_000);
    bad[20_000] = NaN;
    await expect(diarize(bad, models)).rejects.toMatchObject({ code: 'NON_FINITE', message: 'samples: sample 20000 (at 1.250 s) is NaN: diarization needs finite samples; check how the recording was made or converted' });
  });
});
