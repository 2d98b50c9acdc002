import type { z } from 'zod';

/**
 * A quick yes for values a zod schema accepts: the schema's definition compiled once into plain
 * predicates, so the common case (a valid control) skips zod's general machinery, a third of a
 * control's analysis. Only "valid" is trusted: whatever the predicate does not know (a zod
 * feature it does not read, a value it rejects) goes to zod, which then says what is wrong. So
 * quickValid(s, v) implies s.safeParse(v).success; test/unit/quick-schema.test.mjs checks that.
 */
type Check = (v: unknown) => boolean;

const compiled = new WeakMap<object, Check>();
const no: Check = () => false;

export function quickValid(schema: z.ZodType, value: unknown): boolean {
  let c = compiled.get(schema);
  if (!c) compiled.set(schema, (c = compile(schema)));
  return c(value);
}

interface Def {
  type?: string;
  checks?: Array<{ _zod?: { def?: CheckDef } }>;
  shape?: Record<string, unknown>;
  catchall?: unknown;
  innerType?: unknown;
  element?: unknown;
  options?: unknown[];
  entries?: Record<string, unknown>;
  values?: unknown[];
  keyType?: unknown;
  valueType?: unknown;
}

interface CheckDef {
  check?: string;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: RegExp;
  fn?: (v: unknown) => unknown;
  when?: unknown;
  abort?: boolean;
}

const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def?: Def } } | undefined)?._zod?.def;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function compile(schema: unknown): Check {
  const def = defOf(schema);
  if (!def) return no;
  const checks: Check[] = [];
  for (const ch of def.checks ?? []) {
    const c = compileCheck(ch._zod?.def);
    if (!c) return no;
    checks.push(c);
  }
  const base = compileType(def);
  if (!checks.length) return base;
  return (v) => base(v) && all(checks, v);
}

function compileType(def: Def): Check {
  switch (def.type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}));
      return (v) => values.has(v);
    }
    case 'literal': {
      const values = new Set(def.values ?? []);
      return (v) => values.has(v);
    }
    case 'optional': {
      const inner = compile(def.innerType);
      return (v) => v === undefined || inner(v);
    }
    case 'array': {
      const element = compile(def.element);
      return (v) => Array.isArray(v) && all1(element, v);
    }
    case 'union': {
      const options = (def.options ?? []).map(compile);
      return (v) => {
        for (const o of options) if (o(v)) return true;
        return false;
      };
    }
    case 'record': {
      // Only records keyed by any string: other key types have rules of their own.
      const key = defOf(def.keyType);
      if (key?.type !== 'string' || key.checks?.length) return no;
      const value = compile(def.valueType);
      return (v) => isRecord(v) && Object.keys(v).every((k) => value(v[k]));
    }
    case 'object': {
      // Unknown keys are allowed (zod strips them); a catch-all (strict or loose objects) goes to zod.
      if (def.catchall !== undefined) return no;
      const keys = Object.keys(def.shape ?? {});
      const checks = keys.map((k) => compile(def.shape![k]));
      return (v) => {
        if (!isRecord(v)) return false;
        for (let i = 0; i < keys.length; i++) if (!checks[i]!(v[keys[i]!])) return false;
        return true;
      };
    }
    default:
      return no;
  }
}

// Loops, not every(): a closure per call is garbage for every field of every control.
function all(checks: Check[], v: unknown): boolean {
  for (const c of checks) if (!c(v)) return false;
  return true;
}

/** Every item of a list (as every() reads it: holes skipped). */
function all1(check: Check, items: unknown[]): boolean {
  for (let i = 0; i < items.length; i++) if (i in items && !check(items[i])) return false;
  return true;
}

function compileCheck(def: CheckDef | undefined): Check | undefined {
  if (!def) return undefined;
  // zod gives length checks a `when` of its own (apply to values that have a length): the type
  // before them already says so. Any other `when` is a rule of its own: zod decides.
  const lengthCheck = def.check === 'min_length' || def.check === 'max_length';
  if (def.when !== undefined && !lengthCheck) return undefined;
  switch (def.check) {
    case 'min_length':
      return typeof def.minimum === 'number' ? (v) => (v as { length: number }).length >= def.minimum! : undefined;
    case 'max_length':
      return typeof def.maximum === 'number' ? (v) => (v as { length: number }).length <= def.maximum! : undefined;
    case 'string_format': {
      if (def.format !== 'regex' || !(def.pattern instanceof RegExp)) return undefined;
      const re = def.pattern;
      return (v) => {
        re.lastIndex = 0;
        return re.test(v as string);
      };
    }
    case 'custom': {
      const fn = def.fn;
      // A refinement that answers true (a promise, or anything else, goes to zod).
      return typeof fn === 'function' ? (v) => fn(v) === true : undefined;
    }
    default:
      return undefined;
  }
}
