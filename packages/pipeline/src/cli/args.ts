// A small, strict command-line parser: `--name value`, `--name=value`, `-o value`, flags, positionals.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  /** Takes a value (otherwise a boolean flag). */
  value?: boolean;
  alias?: string;
}

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | boolean>;
}

export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const byAlias = new Map(Object.entries(spec).filter(([, s]) => s.alias).map(([name, s]) => [s.alias as string, name]));
  const positionals: string[] = [];
  const options: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (!a.startsWith('-') || a === '-') { positionals.push(a); continue; }
    let name: string;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      inline = eq < 0 ? undefined : a.slice(eq + 1);
    } else {
      name = byAlias.get(a.slice(1)) ?? '';
      if (!name) throw new UsageError(`unknown option ${a}`);
    }
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option --${name}`);
    if (s.value) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      options[name] = v;
    } else {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
    }
  }
  return { positionals, options };
}

/** A positive integer option, or undefined. */
export function intOption(options: ParsedArgs['options'], name: string): number | undefined {
  const v = options[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer (got ${String(v)})`);
  return n;
}
