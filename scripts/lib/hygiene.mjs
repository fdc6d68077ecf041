// Package hygiene with the ecosystem's own tools, on a packed tarball (what npm would publish):
// publint (manifest, exports, files) and @arethetypeswrong/cli (types under node10, node16 from
// CJS and ESM, bundler).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './packages.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** publint with warnings as errors; `{ ok, output }`. */
export function publint(tarball) {
  return run(bin('publint'), ['run', tarball, '--strict', '--level', 'suggestion']);
}

/** attw, every rule, every resolution mode; `{ ok, output }`. */
export function attw(tarball) {
  return run(bin('attw'), [tarball, '--format', 'ascii', '--no-emoji', '--no-color']);
}
