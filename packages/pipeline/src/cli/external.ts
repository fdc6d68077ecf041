// External subcommands, like git's: `dia worker|enqueue|jobs` belong to @dia/queue, which sits
// above this package (it depends on @dia/pipeline, so @dia/pipeline cannot depend on it). When it is
// installed, its `@dia/queue/cli` export (ESM: `main(argv, io)` → exit code) runs the command in
// this process.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Io } from './commands';

/** The commands each optional package adds to `dia`. */
export const EXTERNAL_COMMANDS: ReadonlyMap<string, string> = new Map([['worker', '@dia/queue'], ['enqueue', '@dia/queue'], ['jobs', '@dia/queue']]);

type ExternalMain = (argv: string[], io: Io) => Promise<number>;

/** This module's own file (ESM build and tests: import.meta.url; CommonJS build: __filename). */
function ownFile(): string {
  return typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
}

/**
 * Finds `<pkg>/cli` with Node's resolver — first as installed beside @dia/pipeline (in a project's
 * node_modules, or both installed globally), then from the current directory — and loads it; undefined
 * when neither place has the package.
 */
async function loadExternal(pkg: string): Promise<ExternalMain | undefined> {
  const specifier = `${pkg}/cli`;
  for (const from of [ownFile(), join(process.cwd(), 'package.json')]) {
    let path: string;
    try {
      path = createRequire(from).resolve(specifier);
    } catch (err) {
      if ((err as { code?: unknown }).code === 'MODULE_NOT_FOUND') continue;
      throw err;
    }
    return ((await import(pathToFileURL(path).href)) as { main: ExternalMain }).main;
  }
  return undefined;
}

/** Runs `dia <command> <argv>` from the package that provides it; exit 1 with how to install it when absent. */
export async function runExternalCommand(pkg: string, command: string, argv: string[], io: Io): Promise<number> {
  const main = await loadExternal(pkg);
  if (!main) {
    io.stderr.write(`dia: '${command}' comes with ${pkg}, which is not installed: npm install ${pkg} (or npm install -g ${pkg} beside a global dia)\n`);
    return 1;
  }
  return main([command, ...argv], io);
}
