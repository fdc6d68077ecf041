// The packages this repository publishes, found from the workspace itself (never a fixed list):
// every non-private workspace package, and the napi-rs per-triple packages of @dia/ops.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Reads a package.json. */
export function readManifest(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/** Every published (non-private) workspace package: `{ name, dir, manifest }`, sorted by name. */
export function publishedPackages(cwd = root) {
  const listed = JSON.parse(execFileSync('pnpm', ['-r', 'ls', '--depth', '-1', '--json'], { cwd, encoding: 'utf8' }));
  return listed
    .filter((p) => p.path !== cwd && !p.private)
    .map((p) => ({ name: p.name, dir: p.path, manifest: readManifest(p.path) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The per-target-triple packages of every workspace package with a `napi` config
 * (`<package>/npm/<triple>/`): `{ name, dir, triple, binary, owner }`.
 */
export function nativePackages(published = publishedPackages()) {
  const out = [];
  for (const owner of published.filter((p) => p.manifest.napi)) {
    const npmDir = join(owner.dir, 'npm');
    if (!existsSync(npmDir)) continue;
    for (const triple of readdirSync(npmDir).sort()) {
      const dir = join(npmDir, triple);
      if (!existsSync(join(dir, 'package.json'))) continue;
      out.push({ name: readManifest(dir).name, dir, triple, binary: `${owner.manifest.napi.binaryName}.${triple}.node`, owner });
    }
  }
  return out;
}

/** `pnpm pack` of a workspace package into `dest` (workspace: ranges become versions); the tarball path. */
export function pnpmPack(dir, dest) {
  const out = execFileSync('pnpm', ['pack', '--pack-destination', dest], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tarball = out.trim().split('\n').reverse().find((l) => l.trim().endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack in ${dir} named no tarball:\n${out}`);
  return tarball.trim();
}

/** `npm pack` of a plain directory into `dest`; the tarball path. */
export function npmPack(dir, dest) {
  const [info] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dest], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  return join(dest, info.filename);
}

/** napi-rs triple of this machine (`linux-x64-gnu`, `darwin-arm64`, …), as @dia/ops' loader names it. */
export function hostTriple() {
  const { platform, arch } = process;
  if (platform === 'linux') return `linux-${arch}-${process.report.getReport().header.glibcVersionRuntime ? 'gnu' : 'musl'}`;
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}
