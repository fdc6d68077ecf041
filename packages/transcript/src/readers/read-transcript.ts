// Format detection and the one entry point for reading a transcript.
import { TranscriptError } from '../errors';
import type { Transcript } from '../types';
import { isObject, parseJson } from './json-input';
import { readSrt } from './srt';
import { readVtt } from './vtt';
import { readWhisperCppJson } from './whisper-cpp';
import { readOpenAiVerboseJson, readWhisperXJson } from './whisper-json';

/** The transcript formats `readTranscript` reads. */
export type TranscriptFormat = 'openai' | 'whisper.cpp' | 'whisperx' | 'srt' | 'vtt';

export const TRANSCRIPT_FORMATS: readonly TranscriptFormat[] = ['openai', 'whisper.cpp', 'whisperx', 'srt', 'vtt'];

/** Other names users give the formats (`--transcript-format`). */
const ALIASES: Record<string, TranscriptFormat> = {
  openai: 'openai',
  'verbose_json': 'openai',
  'verbose-json': 'openai',
  'whisper.cpp': 'whisper.cpp',
  whispercpp: 'whisper.cpp',
  'whisper-cpp': 'whisper.cpp',
  whisperx: 'whisperx',
  'faster-whisper': 'whisperx',
  'openai-whisper': 'whisperx',
  whisper: 'whisperx',
  srt: 'srt',
  vtt: 'vtt',
  webvtt: 'vtt',
};

/** The format a user named (aliases such as `faster-whisper`, `webvtt`, `whispercpp` accepted). */
export function transcriptFormat(name: string): TranscriptFormat {
  const format = ALIASES[name.toLowerCase()];
  if (!format) throw new TranscriptError('INVALID', `unknown transcript format '${name}': use one of ${TRANSCRIPT_FORMATS.join(', ')} (aliases: faster-whisper, webvtt, whispercpp, verbose_json)`);
  return format;
}

const SRT_TIMING = /^\s*(\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}\s*-->/m;

function looksLikeJson(text: string): boolean {
  return /^\uFEFF?\s*[[{]/.test(text);
}

/** The format of parsed JSON, from its keys. */
function jsonFormat(value: unknown, file?: string): TranscriptFormat {
  if (Array.isArray(value)) return 'whisperx';
  if (isObject(value)) {
    if (Array.isArray(value.transcription)) return 'whisper.cpp';
    if (Array.isArray(value.words)) return 'openai';
    if (Array.isArray(value.segments)) {
      const withWords = value.segments.some((s) => isObject(s) && Array.isArray(s.words));
      return !withWords && ('task' in value || 'duration' in value) ? 'openai' : 'whisperx';
    }
  }
  throw new TranscriptError('FORMAT', "JSON that is no known transcript: expected 'segments' (OpenAI verbose_json, WhisperX, faster-whisper), top-level 'words' (OpenAI) or 'transcription' (whisper.cpp)", { file, path: '$' });
}

/**
 * Recognises the format of transcript text: WebVTT by its `WEBVTT` header, JSON by its first
 * character and then its keys (`transcription` → whisper.cpp; top-level `words`, or `task` /
 * `duration` without per-segment words → OpenAI verbose_json; `segments` → WhisperX /
 * faster-whisper), SRT by a `00:00:01,000 -->` timing line.
 */
export function detectTranscriptFormat(text: string, file?: string): TranscriptFormat {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (/^WEBVTT(\s|$)/.test(head)) return 'vtt';
  if (looksLikeJson(head)) return jsonFormat(parseJson(text, file), file);
  if (SRT_TIMING.test(head.slice(0, 4096))) return 'srt';
  throw new TranscriptError('FORMAT', `not a transcript this reader knows: expected JSON (OpenAI verbose_json, whisper.cpp, WhisperX, faster-whisper), SRT or WebVTT${head ? `; it starts with '${head.slice(0, 30).split(/\r?\n/)[0]}'` : ' (the text is empty)'}`, { file });
}

export interface ReadTranscriptOptions {
  /** Skip detection and read this format (a name or alias, see `transcriptFormat`). */
  format?: TranscriptFormat | string;
  /** The file name, for error messages. */
  file?: string;
}

/**
 * Reads a transcript from the text of an OpenAI `verbose_json`, whisper.cpp `-oj`/`-ojf`,
 * WhisperX / faster-whisper / openai-whisper JSON, SRT or WebVTT file, detected automatically
 * unless `format` is given. Malformed input throws `TranscriptError` naming the file, the line or
 * JSON path, and what was expected.
 */
export function readTranscript(text: string, options: ReadTranscriptOptions = {}): Transcript {
  const { file } = options;
  const format = options.format === undefined ? undefined : transcriptFormat(options.format);
  if (format === undefined && !looksLikeJson(text)) return detectTranscriptFormat(text, file) === 'srt' ? readSrt(text, file) : readVtt(text, file);
  if (format === 'srt') return readSrt(text, file);
  if (format === 'vtt') return readVtt(text, file);
  const json = parseJson(text, file);
  switch (format ?? jsonFormat(json, file)) {
    case 'whisper.cpp':
      return readWhisperCppJson(json, file);
    case 'openai':
      return readOpenAiVerboseJson(json, file);
    default:
      return readWhisperXJson(json, file);
  }
}
