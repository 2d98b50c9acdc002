/** Edit distance, used to suggest the id or key a user probably meant. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The candidates closest to `input` (case-insensitive), best first, within a sensible distance. */
export function closest(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = input.toLowerCase();
  const maxDistance = Math.max(2, Math.floor(needle.length / 2));
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const d = editDistance(needle, c.toLowerCase());
    if (d <= maxDistance) scored.push([c, d]);
  }
  scored.sort((x, y) => x[1] - y[1] || compareIds(x[0], y[0]));
  return scored.slice(0, limit).map(([c]) => c);
}

export function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Natural order of ids (AC-2 before AC-10). One shared collator: building one per comparison was the hotspot. */
const ID_ORDER = new Intl.Collator(undefined, { numeric: true });
/**
 * The usual id shape, `AC-12` or `AC-0012` (uppercase letters, a dash, one to nine digits),
 * ordered here without ICU (sorting 4,000 ids was 50 ms): where the dash is, or -1 for any other
 * id. Read by hand, not by a regular expression: coverage sorts thousands of ids after every
 * edit, and a match array per id was most of the garbage of an editing session at 50,000 files.
 */
function dashOf(id: string): number {
  let i = 0;
  for (let c = id.charCodeAt(0); c >= 65 && c <= 90; c = id.charCodeAt(++i));
  const digits = id.length - i - 1;
  if (i === 0 || id.charCodeAt(i) !== 45 || digits < 1 || digits > 9) return -1;
  for (let k = i + 1; k < id.length; k++) {
    const c = id.charCodeAt(k);
    if (c < 48 || c > 57) return -1;
  }
  return i;
}

/** The number after the dash of a plain id. */
function numberOf(id: string, dash: number): number {
  let n = 0;
  for (let k = dash + 1; k < id.length; k++) n = n * 10 + id.charCodeAt(k) - 48;
  return n;
}

/** Two ids with their dashes and numbers (dash -1: not plain, the collator decides). */
function comparePlain(a: string, da: number, na: number, b: string, db: number, nb: number): number {
  if (da < 0 || db < 0) return ID_ORDER.compare(a, b);
  // Uppercase ASCII letters, then the number by value: the collator's numeric order for this shape.
  for (let k = 0, m = Math.min(da, db); k < m; k++) {
    const d = a.charCodeAt(k) - b.charCodeAt(k);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  if (da !== db) return da < db ? -1 : 1;
  // Equal numbers written differently (AC-01, AC-1): the collator's tie-break decides.
  return na - nb || ID_ORDER.compare(a, b);
}

export function compareIds(a: string, b: string): number {
  const da = dashOf(a);
  const db = dashOf(b);
  return comparePlain(a, da, da < 0 ? 0 : numberOf(a, da), b, db, db < 0 ? 0 : numberOf(b, db));
}

/** Sorts in place by id (stable), reading each id once into typed arrays: a long list compares each id many times. */
export function sortByIds<T extends { id: string }>(items: T[]): T[] {
  const n = items.length;
  if (n < 2) return items;
  const ids = items.map((x) => x.id);
  const dashes = new Int32Array(n);
  const numbers = new Float64Array(n);
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const d = dashOf(ids[i]!);
    dashes[i] = d;
    numbers[i] = d < 0 ? 0 : numberOf(ids[i]!, d);
    order[i] = i;
  }
  order.sort((i, j) => comparePlain(ids[i]!, dashes[i]!, numbers[i]!, ids[j]!, dashes[j]!, numbers[j]!));
  const was = items.slice();
  for (let k = 0; k < n; k++) items[k] = was[order[k]!]!;
  return items;
}

/**
 * Words people write for a value of Attest's fixed sets, by the value they mean. A synonym is
 * offered only when its value is one of the allowed ones (`active` is `implemented` for a control,
 * `approved` for a policy). Keys are normalised as in `normalWord`.
 */
const SYNONYMS: Record<string, string[]> = {
  annually: ['yearly', 'annual', 'year', 'onceayear', 'everyyear', 'peryear', '12monthly', 'twelvemonthly'],
  semiannually: ['biannually', 'biannual', 'semiannual', 'halfyearly', 'halfyear', 'sixmonthly', '6monthly', 'twiceayear', 'everysixmonths', 'every6months'],
  quarterly: ['quarter', 'everyquarter', 'perquarter', '3monthly', 'threemonthly', 'every3months', 'everythreemonths'],
  // A biweekly control meets a monthly frequency (a sample within 31 days), not a weekly one.
  monthly: ['month', 'everymonth', 'permonth', 'biweekly', 'fortnightly', 'bimonthly', 'semimonthly', 'twiceamonth'],
  weekly: ['week', 'everyweek', 'perweek'],
  // Likewise an hourly control meets a daily frequency.
  daily: ['day', 'everyday', 'perday', 'nightly', 'workdays', 'hourly'],
  continuous: ['continuously', 'continual', 'always', 'realtime', 'constant', 'ongoing'],
  'on-event': ['event', 'onevent', 'perevent', 'eventdriven', 'eventbased', 'adhoc', 'asneeded', 'ondemand', 'onrequest', 'triggered', 'onchange', 'perchange', 'asrequired'],
  implemented: ['done', 'complete', 'completed', 'active', 'live', 'inplace', 'operating', 'operational', 'enabled', 'yes'],
  planned: ['todo', 'wip', 'inprogress', 'notstarted', 'pending', 'draft', 'proposed', 'future'],
  retired: ['deprecated', 'decommissioned', 'inactive', 'obsolete', 'removed', 'disabled', 'archived', 'superseded'],
  approved: ['active', 'published', 'final', 'signed', 'signedoff', 'accepted', 'current', 'effective'],
  draft: ['wip', 'inprogress', 'inreview', 'review', 'proposed', 'pending', 'unapproved', 'todo'],
  information: ['info', 'note', 'notice', 'informational'],
  warning: ['warn', 'warnings'],
  error: ['err', 'errors', 'fatal', 'fail'],
  hint: ['suggestion', 'tip'],
  off: ['none', 'disable', 'disabled', 'ignore', 'ignored', 'false', 'no', 'silent', 'skip', 'hidden'],
  type1: ['typei', 'i', '1'],
  type2: ['typeii', 'ii', '2'],
};

/** Lower case without spaces, dashes, underscores or dots: `Semi-Annually` and `semiannually` meet. */
function normalWord(s: string): string {
  return s.toLowerCase().replace(/[\s_.\-]+/g, '');
}

/**
 * The allowed value a user most probably meant by `input`, or undefined: the same word in
 * another case or spelling (`Weekly`, `on event`), a known synonym (`yearly` → annually), else
 * the closest by edit distance (`quartely` → quarterly).
 */
export function suggestValue(input: string, allowed: readonly string[]): string | undefined {
  const word = normalWord(input);
  if (!word) return undefined;
  const same = allowed.find((v) => normalWord(v) === word);
  if (same !== undefined) return same;
  for (const v of allowed) if (SYNONYMS[v]?.includes(word)) return v;
  return closest(input.trim(), allowed, 1)[0];
}
