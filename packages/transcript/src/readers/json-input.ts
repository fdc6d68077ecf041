// JSON parsing and value checks shared by the JSON readers: syntax errors with line and column,
// and type errors with the JSON path of the offending value.
import { TranscriptError } from '../errors';

/** Where a reader is: the file name (if any) and the JSON path of the current value. */
export interface JsonCursor {
  file?: string;
  path: string;
}

/** Replaces the bare NaN / Infinity / -Infinity tokens Python's `json.dump` writes (outside strings) by null. */
function nullNonFinite(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    const word = /^(-?Infinity|NaN)/.exec(text.slice(i, i + 9));
    if (!inString && word) {
      out += 'null';
      i += word[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * The offset of the first syntax error in `text` (JSON.parse's messages do not always carry one)
 * and what was expected there. Only called after JSON.parse has failed.
 */
function syntaxErrorAt(text: string): { position: number; expected: string } {
  let i = 0;
  const stop = (expected: string) => Object.assign(new Error(expected), { expected });
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    if (!text.startsWith(word, i)) throw stop('a value');
    i += word.length;
  };
  const string = () => {
    if (text[i] !== '"') throw stop('a string in double quotes');
    for (i++; i < text.length && text[i] !== '"'; i++) {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) throw stop('a closing double quote before the end of the line');
    }
    if (i >= text.length) throw stop('a closing double quote');
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) { i++; return; }
      for (;;) {
        if (c === '{') {
          ws();
          string();
          ws();
          if (text[i] !== ':') throw stop("':' after the key");
          i++;
        }
        value();
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === close) { i++; return; }
        throw stop(`',' or '${close}'`);
      }
    }
    if (c === '"') return string();
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (number) { i += number[0].length; return; }
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    throw stop('a value');
  };
  try {
    value();
    ws();
    if (i < text.length) throw stop('the end of the text after the top-level value');
  } catch (err) {
    return { position: i, expected: (err as { expected?: string }).expected ?? 'valid JSON' };
  }
  return { position: i, expected: 'valid JSON' };
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  return { line: before.split('\n').length, column: position - before.lastIndexOf('\n') };
}

/**
 * `JSON.parse` that also accepts Python's NaN / Infinity (as null: "no value") and reports syntax
 * errors as `TranscriptError('PARSE')` with the line, the column and what was expected there.
 */
export function parseJson(text: string, file?: string): unknown {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(source);
  } catch {
    const cleaned = nullNonFinite(source);
    try {
      return JSON.parse(cleaned);
    } catch {
      const { position, expected } = syntaxErrorAt(cleaned);
      const { line, column } = lineAndColumn(cleaned, position);
      const found = position < cleaned.length ? `'${cleaned.slice(position, position + 12).split('\n')[0]}'` : 'the end of the text';
      throw new TranscriptError('PARSE', `invalid JSON at column ${column}: expected ${expected}, found ${found}`, { file, line });
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** A `TranscriptError('INVALID')` at the cursor: "expected …, got …". */
export function expected(cursor: JsonCursor, what: string, value: unknown): TranscriptError {
  return new TranscriptError('INVALID', `expected ${what}, got ${describe(value)}`, { file: cursor.file, path: cursor.path });
}

export function at(cursor: JsonCursor, key: string | number): JsonCursor {
  return { file: cursor.file, path: typeof key === 'number' ? `${cursor.path}[${key}]` : `${cursor.path}.${key}` };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, cursor: JsonCursor): Record<string, unknown> {
  if (!isObject(value)) throw expected(cursor, 'an object', value);
  return value;
}

export function arrayAt(value: unknown, cursor: JsonCursor): unknown[] {
  if (!Array.isArray(value)) throw expected(cursor, 'an array', value);
  return value;
}

export function stringAt(value: unknown, cursor: JsonCursor): string {
  if (typeof value !== 'string') throw expected(cursor, 'a string', value);
  return value;
}

/** A finite number ≥ 0 (seconds or milliseconds). */
export function timeAt(value: unknown, cursor: JsonCursor, unit = 'seconds'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw expected(cursor, `a time in ${unit} (a number ≥ 0)`, value);
  return value;
}

/** Like `timeAt`, but a missing or null value (an untimed word) gives undefined. */
export function optionalTimeAt(value: unknown, cursor: JsonCursor, unit = 'seconds'): number | undefined {
  return value === undefined || value === null ? undefined : timeAt(value, cursor, unit);
}

/** Checks that a segment or word does not end before it starts. */
export function checkOrder(start: number | undefined, end: number | undefined, cursor: JsonCursor): void {
  if (start !== undefined && end !== undefined && end < start) {
    throw new TranscriptError('INVALID', `ends (${end}) before it starts (${start})`, { file: cursor.file, path: cursor.path });
  }
}
