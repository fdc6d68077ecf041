// Real encodes made by the system's ffmpeg for the decoding tests. Outside CI the tests skip when
// ffmpeg is absent (with a message saying how to get it); under CI they run and fail without it
// (.ci/run installs Debian's ffmpeg).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFfmpeg, findFfprobe } from '../src/audio/ffmpeg';

export const ffmpeg = findFfmpeg();
export const ffprobe = findFfprobe();
/** True when the FFmpeg tests must skip: no ffmpeg, and not in CI. */
export const withoutFfmpeg = (!ffmpeg || !ffprobe) && !process.env.CI;
if (withoutFfmpeg) console.log('FFmpeg decoding tests skipped: ffmpeg/ffprobe not found (apt-get install ffmpeg, brew install ffmpeg, or set DIA_FFMPEG/DIA_FFPROBE)');

/** A fresh directory for encodes. */
export const encodeDir = (): string => mkdtempSync(join(tmpdir(), 'dia-encodes-'));

/** Runs `ffmpeg -y <args> <out>` quietly; returns `out`. */
export function encode(args: string[], out: string): string {
  execFileSync(ffmpeg as string, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args, out]);
  return out;
}

/** FFmpeg's own decode of the first audio stream: interleaved float32 at the native rate, with ffprobe's rate and channel count. */
export function ffmpegRaw(path: string): { samples: Float32Array; sampleRate: number; channels: number } {
  const raw = execFileSync(ffmpeg as string, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', path, '-map', '0:a:0', '-c:a', 'pcm_f32le', '-f', 'f32le', 'pipe:1'], { maxBuffer: 1 << 30 });
  const probe = JSON.parse(execFileSync(ffprobe as string, ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=sample_rate,channels', '-of', 'json', path], { encoding: 'utf8' })) as { streams: { sample_rate: string; channels: number }[] };
  const samples = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  return { samples, sampleRate: Number(probe.streams[0].sample_rate), channels: probe.streams[0].channels };
}
