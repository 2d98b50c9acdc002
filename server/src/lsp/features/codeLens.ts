import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { CONFIG_FILE, isTscShaped, mappedCriteria, type CoverageStatus, type FrameworkConfig, type ProjectIndex } from '../../core/index.js';
import type { Session } from '../session.js';

const COMMAND = 'attest.showCoverage';

/** Over each control: what it maps and how covered that is; over categories and systems in attest.yaml. */
export function codeLenses(s: Session, p: CodeLensParams): CodeLens[] {
  const at = s.projectFor(p.textDocument.uri);
  if (!at) return [];
  const { project: folder, rel } = at;
  const ws = folder.ws;
  const out: CodeLens[] = [];
  if (rel === CONFIG_FILE) {
    const cfg = ws.config;
    for (const fw of cfg.frameworks) {
      // TSC-shaped frameworks count per category (security on the framework's own line); others as a whole.
      if (!isTscShaped(fw.catalog)) {
        if (fw.span) out.push({ range: s.range(folder, rel, fw.span), command: { title: `${fw.catalog.title}: ${counted(ws, fw, fw.catalog.criteria.keys())}`, command: COMMAND } });
        continue;
      }
      for (const cat of fw.catalog.categories) {
        const span = cfg.anchors.categories.get(cat.id) ?? (cat.id === 'security' ? fw.span : undefined);
        if (!span || !fw.inScope.has(cat.id)) continue;
        out.push({ range: s.range(folder, rel, span), command: { title: `${cat.title}${fw === cfg.frameworks[0] ? '' : ` (${fw.id})`}: ${counted(ws, fw, cat.criteria)}`, command: COMMAND } });
      }
    }
    for (const [id, sys] of ws.config.systems ?? []) {
      if (!sys.inScope) continue;
      const n = new Set<string>();
      for (const f of ws.systemRefs.get(id)?.keys() ?? []) for (const c of ws.facts(f)!.controls) if (c.status === 'implemented' && c.systems.some((r) => r.value === id)) n.add(c.id);
      out.push({ range: s.range(folder, rel, sys.span), command: { title: n.size ? `protected by ${n.size} control${n.size === 1 ? '' : 's'}` : 'no control protects it', command: COMMAND } });
    }
    return out;
  }
  for (const c of ws.facts(rel)?.controls ?? []) {
    // One count per framework the control maps (the primary alone reads as before).
    const parts: string[] = [];
    let total = 0;
    const several = (c.criteriaByFramework?.filter((e) => e.framework !== undefined && e.refs.length).length ?? 0) > 1;
    for (const { framework, refs } of mappedCriteria(c, ws.config.framework)) {
      const counts = new Map<CoverageStatus | 'out of scope', number>();
      const seen = new Set<string>();
      const catalog = ws.config.frameworks.find((f) => f.id === framework)!.catalog;
      for (const r of refs) {
        if (seen.has(r.value) || !catalog.get(r.value)) continue;
        seen.add(r.value);
        const st = ws.status(r.value, framework) ?? 'out of scope';
        counts.set(st, (counts.get(st) ?? 0) + 1);
      }
      if (!seen.size) continue;
      total += seen.size;
      const statuses = [...counts].map(([k, v]) => `${v} ${k}`).join(', ');
      parts.push(several ? `${framework} ${statuses}` : statuses);
    }
    const title = total ? `maps ${total} criteri${total === 1 ? 'on' : 'a'}: ${parts.join(several ? ' · ' : ', ')}` : 'maps no criterion';
    out.push({ range: s.range(folder, rel, c.idSpan), command: { title, command: COMMAND } });
  }
  return out;
}

/** "12/93 covered": covered of the in-scope criteria less excluded ones. */
function counted(ws: ProjectIndex, fw: FrameworkConfig, ids: Iterable<string>): string {
  let covered = 0;
  let total = 0;
  for (const id of ids) {
    const st = ws.status(id, fw.id);
    if (st === 'covered') covered++;
    if (st && st !== 'excluded') total++;
  }
  return `${covered}/${total} covered`;
}
