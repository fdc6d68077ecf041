// A separate process that needs a model on first use (test/first-use.test.ts): argv = kind, the
// pinned files as JSON. Prints { path, events } as JSON; the cache is $DIA_MODELS_DIR.
import { ensureModel, type ModelFile, type ModelKind } from '../../src/models/index';

const [kind, files] = process.argv.slice(2);
const events: string[] = [];
const path = await ensureModel(kind as ModelKind, {
  modelFiles: JSON.parse(files) as ModelFile[],
  onModelFetch: (e) => {
    if (e.type === 'done') events.push(e.fetched.length ? 'fetched' : 'reused');
    else if (e.type !== 'progress') events.push(e.type);
  },
});
console.log(JSON.stringify({ path, events }));
