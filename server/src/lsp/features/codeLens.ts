import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { CONFIG_FILE, type CoverageStatus } from '../../core/index.js';
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
    for (const cat of ws.config.catalog.categories) {
      const span = ws.config.anchors.categories.get(cat.id) ?? (cat.id === 'security' ? ws.config.anchors.framework : undefined);
      if (!span || !ws.config.inScope.has(cat.id)) continue;
      const statuses = cat.criteria.map((c) => ws.status(c));
      const covered = statuses.filter((x) => x === 'covered').length;
      const total = statuses.filter((x) => x && x !== 'excluded').length;
      out.push({ range: s.range(folder, rel, span), command: { title: `${cat.title}: ${covered}/${total} covered`, command: COMMAND } });
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
    const counts = new Map<CoverageStatus | 'out of scope', number>();
    const seen = new Set<string>();
    for (const r of c.criteria) {
      if (seen.has(r.value) || !ws.config.catalog.get(r.value)) continue;
      seen.add(r.value);
      const st = ws.status(r.value) ?? 'out of scope';
      counts.set(st, (counts.get(st) ?? 0) + 1);
    }
    const parts = [...counts].map(([k, v]) => `${v} ${k}`);
    const title = seen.size ? `maps ${seen.size} criteri${seen.size === 1 ? 'on' : 'a'}: ${parts.join(', ')}` : 'maps no criterion';
    out.push({ range: s.range(folder, rel, c.idSpan), command: { title, command: COMMAND } });
  }
  return out;
}
