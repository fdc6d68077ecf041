// External subcommands, like git's: `dia worker|enqueue|jobs` belong to @dia/queue, which sits
// above this package (it depends on @dia/pipeline, so @dia/pipeline cannot depend on it). When it is
// installed, its `runDiaCommand(argv, io)` export (→ exit code) runs the command in this process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Io } from './commands';

/** The commands each optional package adds to `dia`. */
export const EXTERNAL_COMMANDS: ReadonlyMap<string, string> = new Map([['worker', '@dia/queue'], ['enqueue', '@dia/queue'], ['jobs', '@dia/queue']]);

type RunDiaCommand = (argv: string[], io: Io) => Promise<number>;

/**
 * Finds `pkg` with Node's resolver — first as installed beside @dia/pipeline (in a project's
 * node_modules, or both installed globally), then from the current directory — and imports its ES
 * module entry; undefined when neither place has the package.
 */
async function loadExternal(pkg: string): Promise<RunDiaCommand | undefined> {
  for (const from of [fileURLToPath(import.meta.url), join(process.cwd(), 'package.json')]) {
    let manifest: string;
    try {
      manifest = createRequire(from).resolve(`${pkg}/package.json`);
    } catch (err) {
      if ((err as { code?: unknown }).code === 'MODULE_NOT_FOUND') continue;
      throw err;
    }
    const { module: esm, main } = JSON.parse(readFileSync(manifest, 'utf8')) as { module?: string; main?: string };
    const entry = pathToFileURL(join(dirname(manifest), esm ?? main ?? 'index.js')).href;
    return ((await import(entry)) as { runDiaCommand: RunDiaCommand }).runDiaCommand;
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
