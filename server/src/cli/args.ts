/** Minimal argument parsing: a command, an optional folder, and `--key value` / `--key=value` options. */
export interface ParsedArgs {
  command?: string;
  positional: string[];
  options: Map<string, string>;
}

export class UsageError extends Error {}

/** `valued`: options that take a value; `flags`: options that take none (`--cache`). */
export function parseArgs(argv: string[], valued: string[], flags: string[] = []): ParsedArgs {
  const out: ParsedArgs = { positional: [], options: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const isFlag = key === 'help' || key === 'version' || flags.includes(key);
      if (!valued.includes(key) && !isFlag) throw new UsageError(`unknown option --${key}`);
      if (isFlag) {
        if (eq > 0 && flags.includes(key)) throw new UsageError(`option --${key} takes no value`);
        out.options.set(key, 'true');
        continue;
      }
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`option --${key} needs a value`);
      out.options.set(key, value);
    } else if (a === '-h') out.options.set('help', 'true');
    else if (!out.command) out.command = a;
    else out.positional.push(a);
  }
  return out;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`);
}
