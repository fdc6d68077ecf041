// Reading recordings: time and peak RSS of openAudio (blocks streamed, none kept) and loadAudio (the
// whole 16 kHz recording collected), each in its own process, on a long recording made by ffmpeg
// from fixture 02 (looped) as 16 kHz mono WAV, 44.1 kHz stereo WAV, 44.1 kHz stereo MP3 and 48 kHz
// stereo M4A. Run: node bench/decode.bench.mjs [minutes] (default 60; needs ffmpeg and a build).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixture } from '@dia/fixtures';
import { findFfmpeg, loadAudio, openAudio } from '@dia/pipeline';

const [, , minutesArg, mode, file] = process.argv;

if (mode) {
  // child: one measurement
  const t = performance.now();
  let samples = 0;
  if (mode === 'stream') {
    for await (const block of await openAudio(file)) samples += block.length;
  } else {
    samples = (await loadAudio(file)).length;
  }
  const seconds = (performance.now() - t) / 1000;
  process.stdout.write(JSON.stringify({ seconds, samples, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
} else {
  const ffmpeg = findFfmpeg();
  if (!ffmpeg) {
    console.log('decode bench skipped: ffmpeg not found');
    process.exit(0);
  }
  const minutes = Number(minutesArg ?? 60);
  const dir = mkdtempSync(join(tmpdir(), 'dia-decode-bench-'));
  const clip = fixture('02').path('clip_16k.wav'); // 30 s
  const loops = Math.ceil((minutes * 60) / 30) - 1;
  const make = (name, args) => {
    const out = join(dir, name);
    execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-stream_loop', String(loops), '-i', clip, ...args, out]);
    return out;
  };
  const inputs = [
    ['16 kHz mono WAV', make('mono16k.wav', ['-c:a', 'pcm_s16le'])],
    ['44.1 kHz stereo WAV', make('stereo44k.wav', ['-af', 'pan=stereo|c0=c0|c1=c0', '-ar', '44100', '-c:a', 'pcm_s16le'])],
    ['44.1 kHz stereo MP3 128k', make('stereo44k.mp3', ['-af', 'pan=stereo|c0=c0|c1=c0', '-ar', '44100', '-c:a', 'libmp3lame', '-b:a', '128k'])],
    ['48 kHz stereo M4A 128k', make('stereo48k.m4a', ['-af', 'pan=stereo|c0=c0|c1=c0', '-ar', '48000', '-c:a', 'aac', '-b:a', '128k'])],
  ];
  const self = fileURLToPath(import.meta.url);
  const rows = [];
  for (const [what, path] of inputs) {
    for (const m of ['stream', 'load']) {
      const r = JSON.parse(execFileSync(process.execPath, [self, String(minutes), m, path], { encoding: 'utf8' }));
      rows.push({ input: what, reader: m === 'stream' ? 'openAudio (blocks, none kept)' : 'loadAudio (whole)', 'audio min': (r.samples / 16000 / 60).toFixed(1), 'time s': r.seconds.toFixed(1), RTF: (r.seconds / (r.samples / 16000)).toFixed(4), 'peak RSS MB': r.maxRssMb.toFixed(0) });
    }
  }
  console.log(`\nReading a ${minutes}-minute recording (fixture 02 looped), each row its own process`);
  console.table(rows);
  rmSync(dir, { recursive: true, force: true });
}
