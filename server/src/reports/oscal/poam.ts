import type { PlanItem } from '../../core/index.js';
import type { ProjectReport } from '../reportModel.js';
import { json, line, metadata, oscalContext, prop, prose, type Prop } from './common.js';

/**
 * `attest export --format oscal-poam`: the remediation plan as an OSCAL plan of action and
 * milestones, one poam-item per `attest plan` item, in the plan's order.
 */

const KIND_WORDS: Record<PlanItem['kind'], string> = {
  criterion: 'Criterion not covered',
  control: 'Planned control',
  exception: 'Open exception',
  evidence: 'Type II evidence',
  'policy-review': 'Policy review overdue',
  system: 'Unprotected system',
};

/** A relative path as a URI reference (each segment escaped). */
function href(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}

export function oscalPoam(p: ProjectReport): string {
  const ctx = oscalContext(p);
  const seen = new Map<string, number>();
  const items = p.plan.map((it) => {
    // Several items may share kind and id (two open exceptions of one control): number them in plan order.
    const key = `${it.kind}\n${it.id}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const props: Prop[] = [prop('attest-kind', it.kind), prop('attest-id', it.id)];
    if (it.owner) props.push(prop('attest-owner', it.owner));
    if (it.due) props.push(prop('attest-due', it.due));
    props.push(prop('attest-overdue', String(it.overdue)));
    const who = it.owner ? `Owner: ${prose(it.owner)}.` : 'No owner.';
    const when = it.due ? `Due ${it.due}${it.overdue ? ' (overdue)' : ''}.` : 'No due date.';
    return {
      uuid: ctx.uuid(`poam-item:${it.kind}`, n === 1 ? it.id : `${it.id}\n${n}`),
      title: line(it.title, it.id),
      description: `${KIND_WORDS[it.kind]} ${prose(it.id)}: ${prose(it.detail)}. ${who} ${when}`,
      props,
      ...(it.rel ? { links: [{ href: href(it.rel), rel: 'attest-file', text: line(it.rel) }] } : {}),
    };
  });
  if (!items.length) {
    // The schema needs one poam-item at least: an empty plan says so in one marked item.
    items.push({ uuid: ctx.uuid('poam-item:none'), title: 'Nothing to remediate', description: `The remediation plan of ${line(ctx.title)} is empty as of ${ctx.asOf}.`, props: [prop('attest-kind', 'none')] });
  }
  return json({
    'plan-of-action-and-milestones': {
      uuid: ctx.uuid('poam'),
      metadata: metadata(ctx, `${ctx.title}: plan of action and milestones`, ctx.asOf),
      'system-id': { 'identifier-type': 'http://ietf.org/rfc/rfc4122', id: ctx.uuid('component') },
      'poam-items': items,
    },
  });
}
