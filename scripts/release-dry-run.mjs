#!/usr/bin/env node
// The release, rehearsed on a scratch copy of the working tree so that a broken publish is found
// before a tag: a changeset bumping every published package, `pnpm run version-packages` (changeset
// version + napi version), the native step of `pnpm run release` (napi artifacts + napi pre-publish,
// which declares the per-triple packages as optionalDependencies of @dia/ops), then `npm publish
// --dry-run` of every per-triple package and of every published package's packed tarball.
//
// Only this machine's addon can be built here; the other triples get placeholder files in the
// scratch copy (the release workflow downloads the real ones from its build matrix).
//
// Run: node --test scripts/release-dry-run.mjs (part of `pnpm verify`; needs `pnpm build` and
// `pnpm build:native`). DIA_KEEP_RELEASE=1 keeps the scratch copy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { hostTriple, nativePackages, pnpmPack, publishedPackages, readManifest, root } from './lib/packages.mjs';

const packages = publishedPackages();
const natives = nativePackages(packages);
const scratch = mkdtempSync(join(tmpdir(), 'dia-release-'));
const inScratch = (dir) => join(scratch, relative(root, dir));
const tarballs = join(scratch, '.tarballs');
// @dia/pipeline's prepack bundles the PLDA from here (the scratch copy has no ../shared beside it)
process.env.DIA_PLDA_DIR ??= join(root, '..', 'shared', 'models', 'plda');
const before_ = new Map(packages.map((p) => [p.name, p.manifest.version]));

function run(command, args, cwd) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'notice' } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

/** The package.json inside a tarball. */
function packedManifest(tarball) {
  return JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
}

/** The scratch package's node_modules: every entry of the original, with @dia/* pointing into the scratch copy. */
function linkDependencies(dir) {
  const from = join(dir, 'node_modules');
  if (!existsSync(from)) return;
  const to = join(inScratch(dir), 'node_modules');
  for (const entry of readdirSync(from)) {
    const names = entry.startsWith('@') ? readdirSync(join(from, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) {
      const ours = packages.find((q) => q.name === name);
      mkdirSync(dirname(join(to, name)), { recursive: true });
      symlinkSync(ours ? inScratch(ours.dir) : realpathSync(join(from, name)), join(to, name), 'dir');
    }
  }
}

before(() => {
  // the working tree as git sees it (tracked and new files, nothing ignored), plus what is built
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(root, f))) continue; // deleted, not yet committed
    mkdirSync(dirname(join(scratch, f)), { recursive: true });
    cpSync(join(root, f), join(scratch, f));
  }
  for (const p of packages) {
    if (!existsSync(join(p.dir, 'dist'))) throw new Error(`${p.name} is not built: run pnpm build`);
    cpSync(join(p.dir, 'dist'), join(inScratch(p.dir), 'dist'), { recursive: true });
  }
  // dependencies from the workspace's install; our own packages from the scratch copy, so that
  // packing resolves `workspace:*` to the versions this release gives them
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  for (const p of packages) linkDependencies(p.dir);
  // a changeset releasing every published package, then the version step of the release workflow
  const bump = packages.map((p) => `'${p.name}': minor`).join('\n');
  writeFileSync(join(scratch, '.changeset', 'release-dry-run.md'), `---\n${bump}\n---\n\nRelease dry run.\n`);
  run('pnpm', ['run', 'version-packages'], scratch);
  // the addons of the build matrix: this machine's, placeholders for the rest
  const owners = new Set(natives.map((n) => n.owner));
  for (const owner of owners) {
    const artifacts = join(inScratch(owner.dir), 'artifacts');
    mkdirSync(artifacts, { recursive: true });
    for (const n of natives.filter((x) => x.owner === owner)) {
      const built = join(owner.dir, 'native', n.binary);
      if (n.triple === hostTriple()) {
        if (!existsSync(built)) throw new Error(`no native addon at ${built}: run pnpm build:native`);
        cpSync(built, join(artifacts, n.binary));
      } else {
        writeFileSync(join(artifacts, n.binary), `placeholder for ${n.binary}: the release workflow builds it on its own runner\n`);
      }
    }
    // the native step of `pnpm run release`, without publishing the per-triple packages
    run('pnpm', ['run', 'release:native', '--skip-optional-publish'], inScratch(owner.dir));
  }
  mkdirSync(tarballs);
});

after(() => {
  if (process.env.DIA_KEEP_RELEASE) console.log(`scratch release kept in ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
});

test('changeset version bumps every published package; the per-triple packages follow their owner', () => {
  for (const p of packages) {
    const now = readManifest(inScratch(p.dir)).version;
    assert.notEqual(now, before_.get(p.name), `${p.name} still at ${now}`);
    assert.match(now, /^\d+\.\d+\.\d+$/);
  }
  for (const n of natives) assert.equal(readManifest(inScratch(n.dir)).version, readManifest(inScratch(n.owner.dir)).version, `${n.name}`);
});

test('the build matrix in .github/workflows/native.yml builds every napi target', () => {
  const workflow = readFileSync(join(root, '.github', 'workflows', 'native.yml'), 'utf8');
  const built = [...workflow.matchAll(/triple: ([\w-]+)/g)].map((m) => m[1]).sort();
  assert.deepEqual(built, natives.map((n) => n.triple).sort());
});

for (const owner of new Set(natives.map((n) => n.owner))) {
  test(`${owner.name} declares every per-triple package as an optionalDependency at its own version`, () => {
    const manifest = readManifest(inScratch(owner.dir));
    const expected = Object.fromEntries(natives.filter((n) => n.owner === owner).map((n) => [n.name, manifest.version]));
    assert.deepEqual(Object.fromEntries(Object.entries(manifest.optionalDependencies ?? {}).sort()), Object.fromEntries(Object.entries(expected).sort()));
  });
}

for (const n of natives) {
  test(`${n.name}: npm publish --dry-run ships ${n.binary}`, () => {
    const out = run('npm', ['publish', '--dry-run', '--access', 'public'], inScratch(n.dir));
    assert.match(out, new RegExp(`${n.binary.replace(/\./g, '\\.')}`));
    assert.match(out, new RegExp(`\\+ ${n.name}@${readManifest(inScratch(n.dir)).version}`));
  });
}

for (const p of packages) {
  test(`${p.name}: the packed tarball has the new versions, no workspace: ranges, and npm publish --dry-run accepts it`, () => {
    const tarball = pnpmPack(inScratch(p.dir), tarballs);
    const manifest = packedManifest(tarball);
    const version = readManifest(inScratch(p.dir)).version;
    assert.equal(manifest.version, version);
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
        assert.doesNotMatch(range, /^workspace:/, `${field}.${dep}`);
        const ours = packages.find((q) => q.name === dep) ?? natives.find((q) => q.name === dep);
        if (ours) assert.equal(range, readManifest(inScratch(ours.dir)).version, `${field}.${dep} is not the released version`);
      }
    }
    const out = run('npm', ['publish', '--dry-run', '--access', 'public', tarball], scratch);
    assert.match(out, new RegExp(`\\+ ${p.name}@${version}`));
  });
}
