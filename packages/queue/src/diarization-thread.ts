// Entry point of a diarization thread (node:worker_threads): loads the models once, then diarizes
// one file per request. onnxruntime-node runs inference synchronously on the calling thread, so
// diarizing here keeps the worker's main thread free to renew BullMQ job locks and talk to Redis.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { diarize, loadAudio, loadDiarizationModels, SAMPLE_RATE, type DiarizationModels } from '@dia/pipeline';
import { serializeError, type ThreadConfig, type ThreadReply, type ThreadRequest } from './thread-protocol';

const port = parentPort;
if (!port) throw new Error('diarization-thread must run in a worker thread');
const config = workerData as ThreadConfig;
const post = (reply: ThreadReply) => port.postMessage(reply);

async function serve(port: MessagePort): Promise<void> {
  let models: DiarizationModels;
  try {
    models = await loadDiarizationModels({ ...config.models, session: { intraOpNumThreads: config.threads } });
  } catch (err) {
    post({ type: 'load-failed', error: serializeError(err) });
    port.close();
    return;
  }
  port.on('message', async (request: ThreadRequest) => {
    const { id, path, options } = request;
    try {
      const samples = await loadAudio(path);
      const result = await diarize(samples, {
        ...models,
        ...options,
        onProgress: (stage, done, total) => post({ type: 'progress', id, stage, done, total }),
      });
      post({
        type: 'result',
        id,
        result: { uri: result.uri, speakers: result.speakers, segments: result.segments, rttm: result.rttm(), audioSeconds: samples.length / SAMPLE_RATE },
      });
    } catch (err) {
      post({ type: 'failed', id, error: serializeError(err) });
    }
  });
  post({ type: 'ready' });
}

void serve(port);
