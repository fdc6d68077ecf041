#!/usr/bin/env node
// What a user gets from `npm install`: every published package is packed (`pnpm pack`, as a release
// would), checked with publint and attw, and installed with npm from the tarballs into a fresh
// project outside the workspace, with this machine's native @dia/ops package beside them. Then the
// checks a user would make: require() and import of each package, the .d.ts types under
// moduleResolution node16 and bundler, `npx dia --help`, diarize() on a fixture clip with the real
// segmentation model, the native backend, and the README quick starts as written.
//
// Run: node --test scripts/consumer-test.mjs (part of `pnpm verify`; needs `pnpm build`,
// `pnpm build:native` and `pnpm models:test` first). DIA_KEEP_CONSUMER=1 keeps the temp project.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostTriple, nativePackages, npmPack, pnpmPack, publishedPackages, root } from './lib/packages.mjs';
import { attw, publint } from './lib/hygiene.mjs';
import { readmeBlocks, userReadmes } from './lib/readme-blocks.mjs';

const shared = join(root, '..', 'shared');
const fixturesDir = process.env.DIA_FIXTURES_DIR ?? join(shared, 'fixtures', 'pyannote-parity');
const clip = join(fixturesDir, '02_pyannote_sample', 'clip_16k.wav');
const segmentationModel = join(root, '.cache', 'models', 'segmentation-3.0.onnx');
const embeddingStandin = join(root, 'packages', 'pipeline', 'test', 'data', 'models', 'embedding-standin.onnx');

const packages = publishedPackages();
const triple = hostTriple();
const native = nativePackages(packages).find((p) => p.triple === triple);

const work = mkdtempSync(join(tmpdir(), 'dia-consumer-'));
const app = join(work, 'app');
const tarballs = new Map();
let nativeTarball;

/** Runs a command in the consumer project; returns stdout, throws with stderr on failure. */
function sh(command, args, options = {}) {
  const r = spawnSync(command, args, { cwd: app, encoding: 'utf8', ...options, env: { ...consumerEnv(), ...options.env } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The environment of a user's shell: no workspace variables, an empty model cache. */
function consumerEnv() {
  const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', DIA_MODELS_DIR: join(work, 'model-cache'), npm_config_onnxruntime_node_install: 'skip' };
  for (const k of Object.keys(env)) if (/^(DIA_(FIXTURES_DIR|PLDA_DIR|SEGMENT_MODEL_PATH|EMBED_MODEL_PATH|OPS_BACKEND|OPS_SIMD)|npm_package_|npm_lifecycle_|PNPM_|pnpm_)/.test(k)) delete env[k];
  return env;
}

before(() => {
  for (const [what, path] of [['the fixture clip', clip], ['segmentation-3.0 (pnpm models:test)', segmentationModel], ['the embedding stand-in', embeddingStandin]]) {
    if (!existsSync(path)) throw new Error(`consumer test needs ${what}: ${path} is missing`);
  }
  const dest = join(work, 'tarballs');
  mkdirSync(dest);
  for (const p of packages) {
    if (!existsSync(join(p.dir, 'dist'))) throw new Error(`${p.name} is not built (${p.dir}/dist missing): run pnpm build`);
    tarballs.set(p.name, pnpmPack(p.dir, dest));
  }
  // the per-triple package exactly as the release assembles it: its manifest plus the built addon
  if (native) {
    const built = join(native.owner.dir, 'native', native.binary);
    if (!existsSync(built)) throw new Error(`no native addon at ${built}: run pnpm build:native`);
    const staged = join(work, 'native', native.triple);
    cpSync(native.dir, staged, { recursive: true });
    copyFileSync(built, join(staged, native.binary));
    nativeTarball = npmPack(staged, dest);
  }
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'dia-consumer', version: '1.0.0', private: true }, null, 2));
  const installs = [...tarballs.values(), ...(nativeTarball ? [nativeTarball] : [])];
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...installs]);
  // for the type checks: the compiler the workspace uses, Node's types as a user would have them
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', '--save-dev', `@types/node@${readRootDevVersion('@types/node')}`]);
});

after(() => {
  if (process.env.DIA_KEEP_CONSUMER) console.log(`consumer project kept in ${app}`);
  else rmSync(work, { recursive: true, force: true });
});

function readRootDevVersion(name) {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies[name];
}

for (const p of packages) {
  test(`${p.name}: publint finds nothing in the packed tarball`, () => {
    const r = publint(tarballs.get(p.name));
    assert.ok(r.ok && !/Suggestion|Warning|Error/i.test(r.output.replace(/publint v[\d.]+/, '')), r.output);
  });
  test(`${p.name}: attw finds no type problem under node10, node16 (CJS and ESM) and bundler`, () => {
    const r = attw(tarballs.get(p.name));
    assert.ok(r.ok, r.output);
  });
  test(`${p.name}: require() and import both load it and give the same exports`, () => {
    const names = (format) => JSON.parse(sh(process.execPath, format === 'cjs'
      ? ['-e', `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(p.name)})).sort()))`]
      : ['--input-type=module', '-e', `const m = await import(${JSON.stringify(p.name)}); console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default').sort()))`]));
    const cjs = names('cjs');
    const esm = names('esm');
    assert.ok(cjs.length > 0, 'require() gave no exports');
    assert.deepEqual(cjs, esm);
  });
}

test('the .d.ts types resolve and type-check under moduleResolution node16 (ESM and CJS files) and bundler', () => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const imports = packages.map((p, i) => `import * as p${i} from '${p.name}';`).join('\n');
  const uses = packages.map((_, i) => `p${i}`).join(', ');
  // one real use of the main API, so a type that resolves to `any` or is wrong fails
  const typed = `
import { diarize, type DiarizationResult } from '@dia/pipeline';
export async function run(path: string): Promise<string[]> {
  const result: DiarizationResult = await diarize(path, { minSpeakers: 1, onProgress: (stage, done, total) => void [stage.toUpperCase(), done + total] });
  return result.segments.map((s) => \`\${s.start.toFixed(3)} \${s.speaker}\`);
}`;
  writeFileSync(join(app, 'esm.mts'), `${imports}\nexport const all = [${uses}];\n${typed}\n`);
  writeFileSync(join(app, 'cjs.cts'), `${imports}\nexport const all = [${uses}];\n${typed}\n`);
  writeFileSync(join(app, 'bundler.ts'), `${imports}\nexport const all = [${uses}];\n${typed}\n`);
  const strict = ['--noEmit', '--strict', '--target', 'es2022', '--types', 'node'];
  sh(process.execPath, [tsc, ...strict, '--module', 'node16', '--moduleResolution', 'node16', 'esm.mts', 'cjs.cts']);
  sh(process.execPath, [tsc, ...strict, '--module', 'esnext', '--moduleResolution', 'bundler', 'bundler.ts']);
});

test('@dia/lsap/pure (the TypeScript solver alone) loads through require() and import without loading @dia/ops, and solves as scipy does', () => {
  const solve = 'm.linearSumAssignment([[4, 1, 3], [2, 0, 5], [3, 2, 2]])';
  const opsLoaded = "Object.keys(require.cache).some((f) => /node_modules.@dia.ops./.test(f))";
  const cjs = JSON.parse(sh(process.execPath, ['-e', `const m = require('@dia/lsap/pure'); const r = ${solve}; console.log(JSON.stringify({ rows: [...r.rowInd], cols: [...r.colInd], ops: ${opsLoaded} }))`]));
  assert.deepEqual(cjs, { rows: [0, 1, 2], cols: [1, 0, 2], ops: false });
  const esm = JSON.parse(sh(process.execPath, ['--input-type=module', '-e', `const m = await import('@dia/lsap/pure'); const r = ${solve}; console.log(JSON.stringify({ rows: [...r.rowInd], cols: [...r.colInd] }))`]));
  assert.deepEqual(esm, { rows: [0, 1, 2], cols: [1, 0, 2] });
});

test('npx dia --help prints the usage', () => {
  const out = sh('npx', ['--no-install', 'dia', '--help']);
  assert.match(out, /Usage: dia <command>/);
});

test(`the native backend loads from ${native?.name ?? `@dia/ops-${triple}`} installed beside @dia/ops`, { skip: native ? false : `no per-triple package for ${triple}` }, () => {
  for (const code of ["const b = require('@dia/ops').backend(); console.log(JSON.stringify(b))", "import('@dia/ops').then((o) => console.log(JSON.stringify(o.backend())))"]) {
    const b = JSON.parse(sh(process.execPath, ['-e', code]));
    assert.equal(b.kind, 'native', b.reason);
    assert.match(b.reason, new RegExp(`@dia/ops-${triple}`));
  }
});

test('diarize() on a fixture clip with the real segmentation-3.0, the embedding stand-in and the bundled PLDA, from CJS and ESM', () => {
  // no PLDA given and no DIA_PLDA_DIR: the copy bundled in the package
  const options = `{ segmentationModel: ${JSON.stringify(segmentationModel)}, embeddingModel: ${JSON.stringify(embeddingStandin)} }`;
  const report = 'console.log(JSON.stringify({ speakers: r.speakers.length, turns: r.segments.length, rttm: r.rttm() }))';
  writeFileSync(join(app, 'run.cjs'), `const { diarize } = require('@dia/pipeline');\ndiarize(${JSON.stringify(clip)}, ${options}).then((r) => { ${report}; });\n`);
  writeFileSync(join(app, 'run.mjs'), `import { diarize } from '@dia/pipeline';\nconst r = await diarize(${JSON.stringify(clip)}, ${options});\n${report};\n`);
  const cjs = JSON.parse(sh(process.execPath, ['run.cjs']));
  const esm = JSON.parse(sh(process.execPath, ['run.mjs']));
  assert.ok(cjs.turns > 0 && cjs.speakers > 0, `no speech found: ${JSON.stringify(cjs)}`);
  assert.equal(cjs.rttm, esm.rttm, 'CJS and ESM builds diarize differently');
  assert.match(cjs.rttm, /^SPEAKER clip_16k 1 \d+\.\d{3} \d+\.\d{3} <NA> <NA> SPEAKER_\d\d <NA> <NA>$/m);
});

// The quick starts as a user types them, after `npm install` (here: of the tarballs). The models a
// user's first run would download are in the cache already (segmentation-3.0, as fetched by
// `pnpm models:test`) or, for the WeSpeaker model this machine cannot download, given by
// DIA_EMBED_MODEL_PATH (the stand-in); DIA_OFFLINE=1 proves nothing else is fetched. The PLDA is the bundled one.
const quickStarts = readmeBlocks(userReadmes(root, packages), root);
const quickStartEnv = () => ({ DIA_OFFLINE: '1', DIA_EMBED_MODEL_PATH: embeddingStandin, PATH: `${join(app, 'node_modules', '.bin')}:${process.env.PATH}` });
function seedQuickStart() {
  mkdirSync(join(work, 'model-cache'), { recursive: true });
  copyFileSync(segmentationModel, join(work, 'model-cache', 'segmentation-3.0.onnx'));
  copyFileSync(clip, join(app, 'meeting.wav'));
}
const turnLine = /^\d+\.\d{3} \d+\.\d{3} SPEAKER_\d\d$/;

test('the READMEs have a library and a CLI quick start for the consumer test to run', () => {
  const names = new Set(quickStarts.map((b) => b.name));
  assert.ok(names.has('library') && names.has('cli'), `marked blocks found: ${quickStarts.map((b) => `${b.readme}:${b.name}`).join(', ') || 'none'}`);
});

for (const [i, block] of quickStarts.entries()) {
  test(`${block.readme} quick start '${block.name}' runs as written`, () => {
    seedQuickStart();
    if (block.name === 'library') {
      assert.equal(block.lang, 'js', 'the library quick start is a js block');
      const file = `quickstart-${i}.mjs`;
      writeFileSync(join(app, file), block.code);
      const lines = sh(process.execPath, [file], { env: quickStartEnv() }).trim().split('\n');
      assert.ok(lines.length > 0 && lines.every((l) => turnLine.test(l)), `unexpected output:\n${lines.join('\n')}`);
    } else if (block.name === 'cli') {
      assert.equal(block.lang, 'sh', 'the CLI quick start is a sh block');
      rmSync(join(app, 'meeting.rttm'), { force: true });
      sh('bash', ['-euo', 'pipefail', '-c', block.code], { env: quickStartEnv() });
      const rttm = readFileSync(join(app, 'meeting.rttm'), 'utf8').trim().split('\n');
      assert.ok(rttm.length > 0 && rttm.every((l) => /^SPEAKER meeting 1 \d+\.\d{3} \d+\.\d{3} <NA> <NA> SPEAKER_\d\d <NA> <NA>$/.test(l)), rttm.join('\n'));
    } else {
      assert.fail(`unknown quick start kind '${block.name}' in ${block.readme}`);
    }
  });
}

// Any format FFmpeg decodes, and standard input, from the packed install (issue 18): MP3 and M4A made
// from the quick start's WAV by the system's ffmpeg (.ci/run installs it; outside CI this skips without it).
const ffmpegFound = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
test('packed install: dia diarize talk.mp3, dia diarize meeting.m4a and cat meeting.wav | dia diarize -', { skip: !ffmpegFound && !process.env.CI ? 'ffmpeg not found (apt-get install ffmpeg)' : false }, () => {
  seedQuickStart();
  const encode = (args, out) => sh('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-i', 'meeting.wav', ...args, out]);
  encode(['-ar', '44100', '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '128k'], 'talk.mp3');
  encode(['-ar', '48000', '-c:a', 'aac', '-b:a', '128k'], 'meeting.m4a');
  for (const [command, uri] of [['dia diarize talk.mp3 -q', 'talk'], ['dia diarize meeting.m4a -q', 'meeting'], ['cat meeting.wav | dia diarize - -q', 'stdin']]) {
    const rttm = sh('bash', ['-euo', 'pipefail', '-c', command], { env: quickStartEnv() }).trim().split('\n');
    assert.ok(rttm.length > 0 && rttm.every((l) => new RegExp(`^SPEAKER ${uri} 1 \\d+\\.\\d{3} \\d+\\.\\d{3} <NA> <NA> SPEAKER_\\d\\d <NA> <NA>$`).test(l)), `${command}:\n${rttm.join('\n')}`);
  }
});

test('@dia/pipeline as installed carries the community-1 PLDA and its CC-BY-4.0 attribution', () => {
  const installed = join(app, 'node_modules', '@dia', 'pipeline');
  for (const f of ['xvec_transform.npz', 'plda.npz', 'eigenvectors_desc.bin', 'phi_desc.bin']) assert.ok(existsSync(join(installed, 'models', 'plda', f)), `models/plda/${f} missing`);
  const notice = readFileSync(join(installed, 'NOTICE.md'), 'utf8');
  assert.match(notice, /CC-BY-4\.0/);
  assert.match(notice, /BUT Speech@FIT/);
});
