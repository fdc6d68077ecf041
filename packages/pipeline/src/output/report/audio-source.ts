// How the report's player finds the audio: embedded as a data: URI, or linked by relative path.
import { readFileSync, statSync } from 'node:fs';
import { extname, relative, resolve, sep } from 'node:path';

/** Audio files up to this size (bytes, before base64) are embedded in the report: 20 MiB. */
export const DEFAULT_EMBED_LIMIT = 20 * 1024 * 1024;

/** What the report's `<audio>` element plays. */
export interface ReportAudioSource {
  /** A `data:` URI (embedded) or a URL path relative to the report's directory (linked). */
  src: string;
  /** The MIME type the browser is told. */
  mime: string;
  embedded: boolean;
  /** Size of the audio file in bytes. */
  bytes: number;
}

const MIME_TYPES: Record<string, string> = {
  '.wav': 'audio/wav',
  '.wave': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.flac': 'audio/flac',
  '.m4a': 'audio/mp4',
  '.mp4': 'audio/mp4',
  '.aac': 'audio/aac',
  '.webm': 'audio/webm',
};

/** The MIME type a browser needs for an audio file, from its extension (WAV when unknown). */
export function audioMimeType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'audio/wav';
}

/** A file path as a relative URL: each path component percent-encoded, `/`-separated. */
function relativeUrl(fromDir: string, file: string): string {
  return relative(fromDir, file).split(sep).map(encodeURIComponent).join('/');
}

/**
 * The player's source for an audio file: the file itself as a base64 `data:` URI when it is at
 * most `embedLimit` bytes (default `DEFAULT_EMBED_LIMIT`; 0 always links), else a URL relative to
 * `reportDir` (the directory the report is written to), so that the report and the audio can be
 * moved together.
 */
export function audioSource(audioPath: string, reportDir: string, embedLimit = DEFAULT_EMBED_LIMIT): ReportAudioSource {
  const mime = audioMimeType(audioPath);
  const bytes = statSync(audioPath).size;
  if (bytes <= embedLimit) {
    return { src: `data:${mime};base64,${readFileSync(audioPath).toString('base64')}`, mime, embedded: true, bytes };
  }
  return { src: relativeUrl(resolve(reportDir), resolve(audioPath)), mime, embedded: false, bytes };
}
