import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, member, realModelPath, toFloat32 } from '@dia/fixtures';
import { findFfmpeg, loadAudio, SegmentationModel, type Segmentations } from '@dia/pipeline';

// Fixture 02 re-encoded by the system's ffmpeg (FLAC; 48 kHz stereo WAV and FLAC) through the real
// segmentation-3.0. Outside CI this skips when ffmpeg or the model is absent; under CI both are there
// (.ci/run installs ffmpeg and fetches the model).
const segPath = realModelPath('segmentation');
const ffmpeg = findFfmpeg();
const skip = !segPath || (!ffmpeg && !process.env.CI);
if (skip) console.log(`re-encoded fixture 02 skipped: ${!segPath ? 'run `pnpm models:test` (segmentation-3.0)' : 'ffmpeg not found (apt-get install ffmpeg or set DIA_FFMPEG)'}`);

const sameBits = (a: Float32Array, b: Float32Array) => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** A 16 kHz mono IEEE-float WAV holding exactly these samples. */
function floatWav(samples: Float32Array): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples.byteLength, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(3, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(64000, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(32, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples.byteLength, 40);
  return Buffer.concat([header, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)]);
}

const differingCells = (a: Segmentations, b: Float32Array) => {
  let d = 0;
  for (let i = 0; i < b.length; i++) if (a.data[i] !== b[i]) d++;
  return d;
};

describe.skipIf(skip)('fixture 02 re-encoded by ffmpeg, through the real segmentation-3.0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dia-formats-'));
  const clip = fixture('02').path('clip_16k.wav');
  const encode = (args: string[], name: string) => {
    execFileSync(ffmpeg as string, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-i', clip, ...args, join(dir, name)]);
    return join(dir, name);
  };
  let model: SegmentationModel;
  let captured: Float32Array;
  beforeAll(async () => {
    model = await SegmentationModel.load(segPath as string);
    captured = toFloat32(member(fixture('02').npz('segmentations.npz'), 'segmentations'));
  });
  afterAll(async () => model?.release());

  it('as FLAC: decoded through FFmpeg bit-identical to the WAV, and every segmentation cell equals pyannote\'s', async () => {
    const flac = await loadAudio(encode(['-c:a', 'flac'], 'clip.flac'));
    expect(sameBits(flac, await loadAudio(clip))).toBe(true);
    const seg = await model.segment(flac);
    const differing = differingCells(seg, captured);
    console.log(`02 as FLAC: ${differing} of ${captured.length} cells differ from pyannote's captured segmentations`);
    expect(differing).toBe(0);
  });

  it('as 48 kHz stereo WAV and FLAC: decoded (built-in reader, FFmpeg), downmixed and resampled to 16 kHz, gives the same cells as the 16 kHz WAV path given those samples', async () => {
    // both channels the clip at full level (ffmpeg's own mono → stereo upmix would lower it by 3 dB)
    const wav48 = encode(['-af', 'pan=stereo|c0=c0|c1=c0', '-ar', '48000', '-c:a', 'pcm_s16le'], 'clip-48k-stereo.wav');
    const flac48 = encode(['-af', 'pan=stereo|c0=c0|c1=c0', '-ar', '48000', '-c:a', 'flac'], 'clip-48k-stereo.flac');
    const resampled = await loadAudio(wav48);
    expect(resampled.length).toBe(480_000);
    expect(sameBits(await loadAudio(wav48, { decoder: 'ffmpeg' }), resampled)).toBe(true);
    expect(sameBits(await loadAudio(flac48), resampled)).toBe(true);
    // the same samples written as a 16 kHz float WAV and read back through the 16 kHz path
    const path16k = join(dir, 'resampled-16k.wav');
    writeFileSync(path16k, floatWav(resampled));
    const via16k = await loadAudio(path16k);
    expect(sameBits(via16k, resampled)).toBe(true);
    const seg48 = await model.segment(resampled);
    const seg16 = await model.segment(via16k);
    expect(differingCells(seg48, seg16.data)).toBe(0);
    // not pyannote's input (ffmpeg's upsampling then torchaudio's downsampling changed the samples): informational
    const original = await loadAudio(clip);
    let worst = 0;
    for (let i = 0; i < original.length; i++) worst = Math.max(worst, Math.abs(original[i] - resampled[i]));
    console.log(`02 via 48 kHz stereo: max |Δ| from the 16 kHz clip ${worst.toExponential(2)}; ${differingCells(seg48, captured)} of ${captured.length} cells differ from pyannote's captured segmentations of the 16 kHz clip`);
  });
});
