// Command-line parsing for dia-queue: node's util.parseArgs with usage errors a user can act on.
import { parseArgs } from 'node:util';

/** A mistake in the command line (exit status 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}


/** The options a command takes: strings or flags, some with a one-letter alias. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Parsed option values: a string or a boolean per option, undefined when absent. */
export type OptionValues<S extends OptionSpec> = { [K in keyof S]?: S[K]['type'] extends 'boolean' ? boolean : string };

/** Parses `argv` strictly: unknown options and missing values are usage errors. */
export function parseCommand<S extends OptionSpec>(argv: string[], options: S): { values: OptionValues<S>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as OptionValues<S>, positionals };
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

/** A positive integer option, or undefined when absent. */
export function positiveInteger(name: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer (got ${String(value)})`);
  return n;
}

/** True when the command line asks for help. */
export function wantsHelp(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
