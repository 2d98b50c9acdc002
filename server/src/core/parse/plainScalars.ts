// What the fast YAML path (fastYaml.ts) reads character by character: which text it leaves to
// the package, and the value of a plain scalar under YAML 1.2's core schema.

/** Thrown to give up; caught once at the top of parseFast. */
export class Bail {}
export const BAIL = new Bail();
export const bail = (): never => {
  throw BAIL;
};

/** Tabs, CR, control characters, BOMs, Unicode line separators and surrogates all take the general path. */
export function plainChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 ? c !== 10 : c >= 127 && (c <= 159 || c === 0xfeff || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe)) return false;
  }
  return true;
}

/** Whether `c` at `i` ends an indicator (a space, a line break, the end): `- x` is an item, `-x` text. */
export function isBlank(c: number, i: number, s: string): boolean {
  return i >= s.length || c === 32 || c === 10;
}

/** Characters that start something other than a plain scalar (or might: `-`, `?`, `:`). */
export function isIndicator(c: number): boolean {
  // - ? : , [ ] { } # & * ! | > ' " % @ `
  return c === 45 || c === 63 || c === 58 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === 35 || c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96;
}

const NUMBER = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** A plain scalar's value under YAML 1.2's core schema; numbers take the general path. */
export function plainValue(text: string): string | null | boolean {
  const c = text.charCodeAt(0);
  if (c === 126 || c === 110 || c === 78) {
    if (text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  } else if (c === 116 || c === 84 || c === 102 || c === 70) {
    if (text === 'true' || text === 'True' || text === 'TRUE') return true;
    if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  } else if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    if (NUMBER.test(text)) bail();
  }
  return text;
}

/** A key the fast path keeps: one that is a string (not null, a boolean or a number). */
export function isStringPlain(key: string): boolean {
  if (key === '') return false;
  const v = plainValue(key);
  return typeof v === 'string';
}
