// Decoding through the system's FFmpeg, as pyannote.audio 4.0.4 decodes through torchcodec (which is
// libavcodec): native sample rate, every channel, float32. ffmpeg writes its output as a WAV stream of
// pcm_f32le, so the rate and channel count come from the stream header and the built-in WAV reader
// parses the samples.
import { spawn, execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { AudioError } from './errors';
import type { SniffedFormat } from './sniff';

const INSTALL_HINT = 'Install FFmpeg (Debian/Ubuntu: apt-get install ffmpeg; Fedora: dnf install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg) or point DIA_FFMPEG at its executable';

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `name` on PATH (with PATHEXT on Windows), or undefined. */
function onPath(name: string): string | undefined {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext.toLowerCase());
      if (isExecutableFile(candidate)) return candidate;
      if (ext && isExecutableFile(join(dir, name + ext))) return join(dir, name + ext);
    }
  }
  return undefined;
}

/** The environment variable's executable, or undefined when unset; a set but unusable path is an error. */
function fromEnv(variable: 'DIA_FFMPEG' | 'DIA_FFPROBE'): string | undefined {
  const value = process.env[variable];
  if (!value) return undefined;
  if (!isExecutableFile(value)) throw new AudioError('FFMPEG_NOT_FOUND', `${variable}=${value} is not an executable file. ${INSTALL_HINT}.`);
  return value;
}

/** The ffmpeg executable: `$DIA_FFMPEG`, else `ffmpeg` on PATH; undefined when there is none. */
export function findFfmpeg(): string | undefined {
  return fromEnv('DIA_FFMPEG') ?? onPath('ffmpeg');
}

/** The ffprobe executable: `$DIA_FFPROBE`, else `ffprobe` beside ffmpeg or on PATH; undefined when there is none. */
export function findFfprobe(ffmpeg = findFfmpeg()): string | undefined {
  const env = fromEnv('DIA_FFPROBE');
  if (env) return env;
  if (ffmpeg) {
    const beside = join(dirname(ffmpeg), process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe');
    if (isExecutableFile(beside)) return beside;
  }
  return onPath('ffprobe');
}

/** The error for non-WAV input when no ffmpeg is found: names the file, what it looks like and how to get FFmpeg. */
export function ffmpegMissingError(name: string, format: SniffedFormat, why = `looks like ${format.description}`): AudioError {
  return new AudioError(
    'FFMPEG_NOT_FOUND',
    `${name} ${why}: dia reads WAV itself and every other format through FFmpeg, and no ffmpeg was found ($DIA_FFMPEG unset, none on PATH). ${INSTALL_HINT}.`,
  );
}

/** A running `ffmpeg … -c:a pcm_f32le -f wav pipe:1`. */
export interface FfmpegDecoder {
  /** The WAV stream (pcm_f32le, native rate and channels, data size left open). */
  output: AsyncIterable<Uint8Array>;
  /** Resolves with ffmpeg's error-level messages once it exited successfully; rejects with a typed error otherwise. */
  finished: Promise<string[]>;
  /** Stops ffmpeg (idempotent). */
  kill(): void;
}

const STDERR_LIMIT = 64 * 1024;

/**
 * Starts ffmpeg decoding the first audio stream of the file at `path` to float32 at its native rate and
 * channel count (no `-ar`, no `-ac`: the downmix and the torchaudio resampler run in dia, as in
 * pyannote). torchcodec picks FFmpeg's "best" audio stream; for files with one audio stream — nearly
 * every recording — that is the first one, which dia takes.
 */
export function spawnFfmpegDecoder(ffmpeg: string, path: string, name: string): FfmpegDecoder {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', path, '-map', '0:a:0', '-c:a', 'pcm_f32le', '-f', 'wav', 'pipe:1'];
  const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += s;
  });
  let killed = false;
  const finished = new Promise<string[]>((resolve, reject) => {
    child.once('error', (err) => reject(new AudioError('FFMPEG_NOT_FOUND', `could not run ${ffmpeg} for ${name}: ${err.message}. ${INSTALL_HINT}.`)));
    child.once('close', (code, signal) => {
      const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
      if (code === 0) resolve(lines);
      else if (killed) resolve([]);
      else if (lines.some((l) => /matches no streams/.test(l))) reject(new AudioError('NO_AUDIO_STREAM', `${name} has no audio stream`));
      else reject(new AudioError('FFMPEG_FAILED', `ffmpeg could not decode ${name} (${signal ? `signal ${signal}` : `exit ${code}`}): ${lines.slice(-3).join(' | ') || 'no message'}`));
    });
  });
  finished.catch(() => undefined); // observed by the reader; never an unhandled rejection
  return {
    output: child.stdout,
    finished,
    kill() {
      if (killed || child.exitCode !== null) return;
      killed = true;
      child.kill('SIGKILL');
    },
  };
}

/** The container's duration in seconds as ffprobe reads it (an estimate for compressed formats), or undefined. */
export function probeDuration(ffprobe: string, path: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', path], { timeout: 30_000 }, (err, stdout) => {
      const seconds = Number(String(stdout).trim());
      resolve(!err && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined);
    });
  });
}
