import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, NodeProtoSchema, TensorProtoSchema } from 'onnx-buf';
import { fixture, member, timingModelPath, toFloat32 } from '@dia/fixtures';
import { EmbeddingModel, GraphSplitError, splitGraphAtInput } from '../src/inference/index';
import type { ChunkEmbeddings, Segmentations } from '../src/types';

const standinPath = fileURLToPath(new URL('./data/models/embedding-standin.onnx', import.meta.url));
const standin = readFileSync(standinPath);

/** The first `chunks` chunks of fixture 02: its clip and pyannote's captured segmentations. */
function firstChunks(chunks: number): { samples: Float32Array; seg: Segmentations } {
  const fx = fixture('02');
  const s = member(fx.npz('segmentations.npz'), 'segmentations');
  const data = toFloat32(s).slice(0, chunks * 589 * 3);
  return { samples: fx.clip().samples.slice(0, (chunks - 1) * 16000 + 160000), seg: { data, chunks, frames: 589, speakers: 3 } };
}

/** Values that differ bit for bit, and the largest absolute difference. */
function deviation(a: ChunkEmbeddings, b: ChunkEmbeddings): { differing: number; worst: number } {
  let differing = 0;
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) {
    if (Object.is(a.data[i], b.data[i])) continue;
    differing++;
    worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]));
  }
  return { differing, worst };
}

/** The stand-in with its output reshaped to [Shape(<shapeSource>)[0], 256]: the head then needs the batch size. */
function standinWithBatchReshape(shapeSource: 'fbank' | 'abs'): Uint8Array {
  const model = fromBinary(ModelProtoSchema, standin);
  const g = model.graph!;
  const last = g.node[g.node.length - 1];
  last.output[0] = 'embedding_flat';
  const int64 = (name: string, values: number[], dims: number[]) => create(TensorProtoSchema, { name, dims: dims.map(BigInt), dataType: 7, int64Data: values.map(BigInt) });
  g.initializer.push(int64('zero', [0], []), int64('axis0', [0], [1]), int64('dim256', [256], [1]));
  const node = (opType: string, input: string[], output: string) => create(NodeProtoSchema, { opType, input, output: [output], name: output });
  if (shapeSource === 'abs') g.node.push(node('Abs', ['fbank'], 'fbank_abs'));
  g.node.push(
    node('Shape', [shapeSource === 'abs' ? 'fbank_abs' : 'fbank'], 'fbank_shape'),
    node('Gather', ['fbank_shape', 'zero'], 'batch'),
    node('Unsqueeze', ['batch', 'axis0'], 'batch1'),
    create(NodeProtoSchema, { opType: 'Concat', input: ['batch1', 'dim256'], output: ['out_shape'], name: 'out_shape', attribute: [{ name: 'axis', type: 2, i: 0n }] }),
    node('Reshape', ['embedding_flat', 'out_shape'], 'embedding'),
  );
  return toBinary(ModelProtoSchema, model);
}

describe('trunk/head split of the embedding graph (head = the nodes that depend on weights)', () => {
  it('stand-in: the trunk is the fbank projection, one tensor crosses, the rest is the head', () => {
    const split = splitGraphAtInput(standin, 'weights');
    expect(split.crossing).toEqual(['x']);
    expect(split.trunkInputs).toEqual(['fbank']);
    expect(split.shapeInputs).toEqual([]);
    expect(split.nodes).toEqual({ trunk: 1, head: 22, total: 23 });
  });

  it('refuses graphs without a clean cut, with the reason', () => {
    expect(() => splitGraphAtInput(standin, 'mask')).toThrow(GraphSplitError);
    expect(() => splitGraphAtInput(standin, 'mask')).toThrow(/no input 'mask'/);
    expect(() => splitGraphAtInput(Uint8Array.from([1, 2, 3]), 'weights')).toThrow(/could not be parsed/);
  });

  it('shape arithmetic on the batch size is recomputed in the head, so the split still holds and is exact', async () => {
    const bytes = standinWithBatchReshape('fbank');
    const split = splitGraphAtInput(bytes, 'weights');
    expect(split.crossing).toEqual(['x']);
    expect(split.shapeInputs).toEqual(['fbank']);
    const { samples, seg } = firstChunks(8);
    const model = await EmbeddingModel.load(bytes);
    expect(model.mode).toBe('trunk-head');
    const whole = await EmbeddingModel.load(bytes, { split: false });
    for (const batchSize of [1, 3]) {
      const d = deviation(await model.embed(samples, seg, { batchSize }), await whole.embed(samples, seg, { batchSize: 32 }));
      console.log(`batch-size reshape model, batch ${batchSize}: ${d.differing} values differ from the whole model (worst ${d.worst})`);
      expect(d.differing).toBe(0);
    }
    await Promise.all([model.release(), whole.release()]);
  });

  it('a graph whose head needs a trunk tensor\'s batch-sized shape falls back to whole-model runs, and says why', async () => {
    const bytes = standinWithBatchReshape('abs');
    const model = await EmbeddingModel.load(bytes);
    expect(model.mode).toBe('whole');
    expect(model.splitFallbackReason).toMatch(/out_shape/);
    expect(model.crossingTensors).toEqual([]);
    const { samples, seg } = firstChunks(4);
    const whole = await EmbeddingModel.load(bytes, { split: false });
    expect(whole.splitFallbackReason).toMatch(/split: false/);
    expect(deviation(await model.embed(samples, seg), await whole.embed(samples, seg)).differing).toBe(0);
    await Promise.all([model.release(), whole.release()]);
  });
});

// Bit-identity of trunk + head against the whole model per active pair, on the stand-in and on the
// ResNet34-LM timing model (the real WeSpeaker architecture with random weights: the weights do not
// change the arithmetic). The timing model is generated here (python3 + onnx; .ci/run installs it).
const timing = timingModelPath();
if (!timing) console.log('skipping the ResNet34 timing-model checks: no python3 with onnx to generate it (apt-get install python3-onnx)');
// [name, path, chunks of fixture 02, whole-model batch sizes checked against batch 32]
const models: [string, string | undefined, number, number[]][] = [['stand-in', standinPath, 21, [1, 7]], ['ResNet34-LM timing model', timing, 4, []]];

describe.each(models)('split embeddings are bit-identical to the whole model per pair: %s', (name, path, chunks, wholeBatches) => {
  it.skipIf(!path)(`fixture 02, first ${chunks} chunks: batch 1 / 7 / 32 × threads 1 / 2, every value equal`, async () => {
    const { samples, seg } = firstChunks(chunks);
    const whole = await EmbeddingModel.load(path as string, { split: false, intraOpNumThreads: 2 });
    expect(whole.mode).toBe('whole');
    const reference = await whole.embed(samples, seg, { batchSize: 32 });
    const stats = whole.lastRunStats!;
    expect(stats.wholeRuns).toBeGreaterThan(0);
    // whole-model runs are themselves independent of the batch size (a lone pair runs as a batch of two)
    for (const batchSize of wholeBatches) expect(deviation(await whole.embed(samples, seg, { batchSize }), reference).differing).toBe(0);
    await whole.release();
    for (const threads of [1, 2]) {
      const model = await EmbeddingModel.load(path as string, { intraOpNumThreads: threads });
      expect(model.mode).toBe('trunk-head');
      expect(model.crossingTensors).toHaveLength(1);
      for (const batchSize of [1, 7, 32]) {
        const got = await model.embed(samples, seg, { batchSize });
        const d = deviation(got, reference);
        const run = model.lastRunStats!;
        console.log(`${name}, ${threads} thread(s), batch ${batchSize}: ${run.activePairs} active pairs in ${run.activeChunks} chunks, ${run.trunkRuns} trunk runs; ${d.differing} of ${got.data.length} values differ from the whole model (worst ${d.worst})`);
        expect(d.differing).toBe(0);
        expect(run.trunkChunks).toBe(run.activeChunks);
        expect(run.trunkRuns).toBe(Math.ceil(run.activeChunks / batchSize));
        expect(run.activePairs).toBe(stats.activePairs);
        expect(run.activePairs).toBeGreaterThan(run.activeChunks); // chunks with two speakers: the trunk is shared
      }
      await model.release();
    }
  }, 300_000);
});
