#!/usr/bin/env node
// Regenerates fixtures/manifest.json from ../shared/fixtures/pyannote-parity (run by hand when the
// shared fixtures change). Records what each fixture holds and the upstream SHA-256 of each artifact.
import { readFileSync, readdirSync, existsSync, writeFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = process.env.DIA_FIXTURES_DIR ?? join(root, '..', 'shared', 'fixtures', 'pyannote-parity');
const INTERMEDIATES = ['segmentations.npz', 'raw_embeddings.npz', 'plda_embeddings.npz', 'ahc_init_labels.npy', 'ahc_state.npz', 'vbx_state.npz', 'clustering.npz', 'reconstruction.npz'];
const sha = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');


const fixtures = [];
for (const name of readdirSync(src).filter((d) => /^\d\d_/.test(d)).sort()) {
  const dir = join(src, name);
  const rttm = readFileSync(join(dir, 'reference.rttm'), 'utf8').split('\n').filter((l) => l.trim());
  const speakers = new Set(rttm.map((l) => l.split(/\s+/)[7]));
  const lastEnd = Math.max(...rttm.map((l) => { const f = l.split(/\s+/); return Number(f[3]) + Number(f[4]); }));
  const upstream = existsSync(join(dir, 'manifest.json')) ? JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) : null;
  const present = readdirSync(dir).filter((f) => f !== 'manifest.json').sort();
  const hasClip = present.includes('clip_16k.wav');
  let duration;
  if (hasClip) {
    const size = statSync(join(dir, 'clip_16k.wav')).size;
    const bytes = readFileSync(join(dir, 'clip_16k.wav'));
    let off = 12; let samples = null;
    while (off + 8 <= bytes.length) {
      const id = bytes.toString('latin1', off, off + 4); const n = bytes.readUInt32LE(off + 4);
      if (id === 'data') { samples = n / 2; break; }
      off += 8 + n + (n & 1);
    }
    duration = { seconds: samples / 16000, samples, source: 'clip', bytes: size };
  } else {
    duration = { atLeastSeconds: Number(lastEnd.toFixed(3)), source: 'last reference segment end' };
  }
  fixtures.push({
    name,
    uri: rttm[0].split(/\s+/)[1],
    duration,
    expectedSpeakers: speakers.size,
    expectedRttmLines: rttm.length,
    hasClip,
    hasIntermediates: INTERMEDIATES.every((f) => present.includes(f)),
    artifacts: present,
    sha256: Object.fromEntries(present.map((f) => [f, sha(join(dir, f))])),
    upstream: upstream && { pyannoteAudioVersion: upstream.pyannote_audio_version, numpyVersion: upstream.numpy_version, clipSha256: upstream.clip_sha256, artifacts: upstream.artifacts },
  });
}
writeFileSync(join(root, 'fixtures', 'manifest.json'), JSON.stringify({ source: 'Findit-AI/diarization tests/parity/fixtures (pyannote.audio 4.0.4, speaker-diarization-community-1)', fixtures }, null, 2) + '\n');
console.log(`wrote ${fixtures.length} fixtures`);
