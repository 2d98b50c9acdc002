// The core bundle (dist/core.js) in memory: projects built from text, their findings with LSP
// ranges, and minimal valid controls and policies to vary one field at a time.
import { createRequire } from 'node:module';
import { CORE } from './paths.mjs';
import { TODAY, day } from './dates.mjs';

export const core = createRequire(import.meta.url)(CORE);

/**
 * A ProjectIndex in memory: attest.yaml (optional), then files by project-relative path, given as
 * a { rel: text } map or as a list of [rel, text] (the load order); catalogs are read by path.
 */
export function memoryWorkspace({ config, files = {}, today = TODAY, catalogs = {} } = {}) {
  const ws = new core.ProjectIndex({ readFile: (rel) => catalogs[rel], today: day(today) });
  if (config !== undefined) ws.setConfig(config);
  for (const [rel, text] of Array.isArray(files) ? files : Object.entries(files)) ws.setFile(rel, text);
  return ws;
}

/** The findings of one file with their LSP ranges and covered text. */
export function findingsOf(ws, rel) {
  const text = ws.text(rel) ?? '';
  const li = new core.LineIndex(text);
  return ws.findings(rel).map((f) => ({ code: f.code, severity: f.severity, message: f.message, range: li.range(f.span), text: text.slice(f.span.start, f.span.end), data: f.data }));
}

/** The findings of `rel` with a given code. */
export function withCode(ws, rel, code) {
  return findingsOf(ws, rel).filter((f) => f.code === code);
}

/** The 61 criterion ids of TSC 2017, written out from the standard (not from the code). */
export function tscIds() {
  const ids = [];
  const series = [
    ['CC1', 5], ['CC2', 3], ['CC3', 4], ['CC4', 2], ['CC5', 3], ['CC6', 8], ['CC7', 5], ['CC8', 1], ['CC9', 2],
    ['A1', 3], ['C1', 2], ['PI1', 5],
    ['P1', 1], ['P2', 1], ['P3', 2], ['P4', 3], ['P5', 2], ['P6', 7], ['P7', 1], ['P8', 1],
  ];
  for (const [s, n] of series) for (let i = 1; i <= n; i++) ids.push(`${s}.${i}`);
  return ids;
}

/** Minimal valid control YAML with overrides (extra lines appended verbatim). */
export function control(id, { title = `Control ${id}`, owner = 'security-team', criteria = ['CC6.1'], extra = '' } = {}) {
  let s = `id: ${id}\ntitle: ${title}\n`;
  if (owner) s += `owner: ${owner}\n`;
  if (criteria) s += `criteria: [${criteria.join(', ')}]\n`;
  return s + extra;
}

/** Minimal valid policy Markdown with overrides. */
export function policy(id, { title = `Policy ${id}`, owner = 'CISO', criteria = ['CC6.1'], extra = '' } = {}) {
  let s = `---\nid: ${id}\ntitle: ${title}\n`;
  if (owner) s += `owner: ${owner}\n`;
  if (criteria) s += `criteria: [${criteria.join(', ')}]\n`;
  return s + extra + `---\n# ${title}\n\nBody.\n`;
}
