import type { WorkspaceConfig } from '../config.js';
import { formatDay } from '../dates.js';
import { finding, type Finding } from '../findings.js';
import type { ControlFact } from '../facts/types.js';
import { closest, orList } from '../suggest.js';
import { criteriaFindings } from './criteriaRefs.js';
import { mappedCriteria } from '../frameworks.js';
import { evidenceFindings } from './evidence.js';

/** Checks of one control that need only the control itself and attest.yaml. */
export function controlChecks(c: ControlFact, cfg: WorkspaceConfig): Finding[] {
  const out = criteriaFindings(c, cfg);
  // (The list form maps nothing exactly when the list is empty: no mappedCriteria list to make.)
  if (c.status !== 'retired' && (c.criteriaByFramework ? mappedCriteria(c, cfg.framework).every((m) => m.refs.length === 0) : c.criteria.length === 0)) {
    out.push(finding('unmapped-control', c.idSpan, `Control ${c.id} maps no criterion, so it covers nothing. Add \`criteria:\`.`));
  }
  if (!c.owner?.trim() && c.status !== 'retired') {
    out.push(finding('missing-owner', c.idSpan, `Control ${c.id} has no \`owner\`: name the person or team that operates it.`, { missingField: 'owner' }));
  }
  if (cfg.systems) {
    for (const s of c.systems) {
      const sys = cfg.systems.get(s.value);
      if (!sys) {
        // Only ids the list does not already hold, so the fix never creates a duplicate.
        const near = closest(s.value, cfg.systems.keys(), 3).filter((id) => !c.systems.some((r) => r.value === id));
        const hint = near.length ? ` Did you mean ${orList(near)}?` : '';
        out.push(finding('unknown-system', s.span, `Unknown system \`${s.value}\`: the inventory in attest.yaml does not define it.${hint}`, { system: s.value, suggestions: near }));
      }
      else if (!sys.inScope) out.push(finding('out-of-scope-system', s.span, `System \`${s.value}\` is out of scope${sys.entry.reason ? ` (${sys.entry.reason.trim()})` : ''}.`));
    }
  }
  if (c.status === 'planned') {
    if (c.due === undefined) out.push(finding('missing-due', c.idSpan, `Planned control ${c.id} has no \`due\` date for the remediation plan.`, { missingField: 'due' }));
    else if (c.due < cfg.asOf && c.dueSpan) out.push(finding('remediation-overdue', c.dueSpan, `Planned control ${c.id} was due ${formatDay(c.due)} and is not implemented yet.`));
  }
  for (const ex of c.exceptions) {
    if (ex.resolved === undefined && ex.due !== undefined && ex.due < cfg.asOf && ex.dueSpan) {
      out.push(finding('remediation-overdue', ex.dueSpan, `An open exception on ${c.id}${ex.summary ? ` ("${ex.summary.trim()}")` : ''} was due ${formatDay(ex.due)}.`));
    }
  }
  for (const f of evidenceFindings(c, cfg)) out.push(f);
  return out;
}
