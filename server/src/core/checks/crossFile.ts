import * as path from 'node:path';
import { CONFIG_FILE } from '../config.js';
import type { EvidenceFact, FileFacts } from '../facts/types.js';
import { finding, type Finding } from '../findings.js';
import type { IndexView } from '../indexView.js';
import { mappedCriteria, type FrameworkConfig } from '../frameworks.js';
import type { Span } from '../text.js';
import { isPlaceholder } from './placeholder.js';

const STATUS_WORDS = { uncovered: 'no control or policy maps it', planned: 'only planned controls map it', 'policy-only': 'only policies map it; no control carries it out' } as const;

/** What the status-dependent findings read of a project: coverage statuses and protected systems (StatusOverlay answers it without the whole index). */
export type StatusView = Pick<IndexView, 'config' | 'status' | 'isProtected'> & { readonly systemRefs: { readonly size: number } };

/**
 * Findings of one file that depend on other files: duplicates, unknown policies, evidence files,
 * then the coverage of its policies' criteria (last: the CLI's cache replaces that part alone
 * when only statuses moved, cli/statusPatch.ts).
 */
export function crossFindings(ws: IndexView, rel: string, facts: FileFacts | undefined): Finding[] {
  if (rel === CONFIG_FILE) return configFindings(ws);
  if (!facts) return [];
  const out: Finding[] = [];
  for (const c of facts.controls) {
    for (const e of c.evidence) {
      const found = evidenceFileFindings(ws, e);
      if (found.length) out.push(...found);
    }
    const defs = ws.controlDefs.get(c.id);
    if (defs && definedTwice(defs, rel)) out.push(finding('duplicate-id', c.idSpan, `Control id ${c.id} is defined ${count(defs)} times (${describe(defs)}).`, { id: c.id }));
    for (const p of c.policies) {
      if (ws.policyDefs.has(p.value)) continue;
      const near = ws.suggestPolicies(p.value);
      out.push(finding('unknown-policy', p.span, `No policy file defines \`${p.value}\`.${near.length ? ` Did you mean ${near.join(', ')}?` : ''}`, { suggestions: near, policy: p.value }));
    }
  }
  for (const p of facts.policies) {
    const defs = ws.policyDefs.get(p.id);
    if (defs && count(defs) > 1) out.push(finding('duplicate-id', p.idSpan, `Policy id ${p.id} is defined ${count(defs)} times (${describe(defs)}).`, { id: p.id }));
  }
  return facts.policies.length ? out.concat(policyCoverageFindings(ws, facts)) : out;
}

/** The criteria a file's (non-retired) policies map that only policies cover: the only `uncovered-criterion` findings outside attest.yaml. */
export function policyCoverageFindings(ws: StatusView, facts: FileFacts): Finding[] {
  const out: Finding[] = [];
  for (const p of facts.policies) {
    if (p.status === 'retired') continue;
    for (const { framework, refs } of mappedCriteria(p, ws.config.framework)) {
      const seen = new Set<string>();
      const other = framework !== ws.config.framework;
      for (const r of refs) {
        if (seen.has(r.value)) continue;
        seen.add(r.value);
        if (ws.status(r.value, framework) === 'policy-only') {
          out.push(finding('uncovered-criterion', r.span, `${r.value}${other ? ` (${framework})` : ''} is policy-only: ${STATUS_WORDS['policy-only']}.`, { criterion: r.value, status: 'policy-only', ...(other ? { framework } : {}) }));
        }
      }
    }
  }
  return out;
}

/**
 * An evidence link to a project file: the file must exist, and match the SHA-256 recorded when
 * the sample was filed. The file system is an input: the index re-asks when a linked file
 * appears, changes or goes. A placeholder link (`TODO`) has its own finding and names no file.
 */
function evidenceFileFindings(ws: IndexView, e: EvidenceFact): Finding[] {
  const target = evidenceTarget(e);
  if (target === undefined) return [];
  if (ws.linkExists(target) === false) return [finding('broken-evidence-link', e.linkSpan!, `Evidence file \`${e.link}\` does not exist in the workspace.`)];
  if (!e.sha256 || !e.sha256Span) return [];
  const now = ws.linkHash(target);
  if (now === undefined || now === e.sha256) return [];
  return [
    finding('evidence-changed', e.sha256Span, `Evidence file \`${target}\` changed after this sample was filed: its SHA-256 is now ${now.slice(0, 12)}…, not the recorded ${e.sha256.slice(0, 12)}…. Restore the filed copy, or record the new hash if the change is legitimate.`, { sha256: now, file: target }),
  ];
}

/** attest.yaml's findings: in-scope criteria not covered, other frameworks' gaps, in-scope systems no implemented control names. */
export function configFindings(ws: StatusView): Finding[] {
  const cfg = ws.config;
  const out: Finding[] = [];
  for (const cat of cfg.catalog.categories) {
    if (!cfg.inScope.has(cat.id)) continue;
    const anchor: Span = cfg.anchors.categories.get(cat.id) ?? cfg.anchors.framework ?? cfg.anchors.fallback;
    for (const id of cat.criteria) {
      const status = ws.status(id);
      if (status === 'uncovered' || status === 'planned' || status === 'policy-only') {
        out.push(finding('uncovered-criterion', anchor, `${id} (${cfg.catalog.get(id)!.title}) is ${status}: ${STATUS_WORDS[status]}.`, { criterion: id, status }));
      }
    }
  }
  for (const fw of cfg.frameworks.slice(1)) out.push(...otherFrameworkGaps(ws, fw, fw.span ?? cfg.anchors.fallback));
  if (cfg.systems && ws.systemRefs.size > 0) {
    for (const [id, sys] of cfg.systems) {
      if (sys.inScope && !ws.isProtected(id)) {
        out.push(finding('unprotected-system', sys.span, `System ${id} (${sys.entry.name}) is in scope but no implemented control names it.`, { system: id }));
      }
    }
  }
  return out;
}

const SHOWN_GAPS = 10;

/**
 * The gaps of a framework other than the primary one: a single finding on its id in
 * `frameworks:` naming them (a framework being taken up has dozens; one finding each would bury
 * the primary's gaps in the editor). The coverage view and `attest coverage --framework` list them.
 */
function otherFrameworkGaps(ws: StatusView, fw: FrameworkConfig, anchor: Span): Finding[] {
  const gaps: string[] = [];
  const counts = { uncovered: 0, planned: 0, 'policy-only': 0 };
  let total = 0;
  for (const cat of fw.catalog.categories) {
    if (!fw.inScope.has(cat.id)) continue;
    for (const id of cat.criteria) {
      const status = ws.status(id, fw.id);
      if (status && status !== 'excluded') total++;
      if (status === 'uncovered' || status === 'planned' || status === 'policy-only') {
        gaps.push(id);
        counts[status]++;
      }
    }
  }
  if (!gaps.length) return [];
  const kinds = (Object.keys(counts) as Array<keyof typeof counts>).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
  const shown = gaps.length > SHOWN_GAPS ? `${gaps.slice(0, SHOWN_GAPS).join(', ')} and ${gaps.length - SHOWN_GAPS} more` : gaps.join(', ');
  const message = `${gaps.length} of the ${total} in-scope criteria of ${fw.id} are not covered (${kinds.join(', ')}): ${shown}. \`attest coverage --framework ${fw.id}\` lists them.`;
  return [finding('uncovered-criterion', anchor, message, { framework: fw.id, criteria: gaps })];
}

/** The project file an evidence entry links to (the only entries with cross-file findings); undefined for none, a URL or a placeholder. */
export function evidenceTarget(e: EvidenceFact): string | undefined {
  if (!e.linkSpan) return undefined;
  // The path first: most links are URLs, which need no placeholder test.
  const target = evidencePath(e.link);
  return target !== undefined && !isPlaceholder(e.link!) ? target : undefined;
}

/** The project-relative path an evidence link names; undefined for URLs (not checked) and empty links. */
export function evidencePath(link: string | undefined): string | undefined {
  if (!link || /^[a-z][a-z0-9+.-]*:/i.test(link)) return undefined;
  const norm = path.posix.normalize(link.replace(/\\/g, '/')).replace(/^(\.\/)+/, '');
  return norm === '.' ? undefined : norm;
}

/** count(defs) > 1 without walking the map in the usual case: one file (this one) defining the id once. */
function definedTwice(defs: ReadonlyMap<string, number>, rel: string): boolean {
  if (defs.size > 1) return true;
  const here = defs.size === 1 ? defs.get(rel) : undefined;
  return here !== undefined ? here > 1 : count(defs) > 1;
}

function count(defs: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const v of defs.values()) n += v;
  return n;
}

function describe(defs: ReadonlyMap<string, number>): string {
  const files = [...defs.keys()].sort();
  const shown = files.slice(0, 3).join(', ');
  return files.length > 3 ? `${shown} and ${files.length - 3} more` : shown;
}
