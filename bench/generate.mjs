#!/usr/bin/env node
// Generates realistic, deterministic (seeded) Attest workspaces for the benchmark.
//
//   node bench/generate.mjs [--sizes 1k,10k,50k] [--out bench/workspaces] [--seed 5] [--force]
//
// Each workspace `ws-<size>/` holds:
//   attest.yaml       type2 with a 2026 audit period, all five categories in scope, one exclusion,
//                     a systems inventory of 40 systems (two out of scope)
//   controls/         <size> single-control files across ~15 domains x 8 subfolders, plus two
//                     registers (controls/registers/): vendors (1,000 controls) and people (250)
//   policies/         320 policies (Markdown with YAML front matter) across 10 folders
// Every criterion of the TSC 2017 catalog is mapped by some control. About one control in six
// has a finding (missing, stale or gappy evidence, an overdue planned control, ...), as real
// workspaces do. Next to each workspace, `ws-<size>.json` names the files the harness edits.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const YAML = require('yaml');

export const BENCH = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH, '..');
export const GENERATOR_VERSION = 6;
export const SIZES = { '1k': 1_000, '10k': 10_000, '50k': 50_000 };
export const DEFAULT_SEED = 5;
/** Controls that reference the policy the harness renames: fixed, so sizes compare. */
export const RENAME_REFS = 25;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  int(n) {
    return Math.floor(this.next() * n);
  }
  pick(arr) {
    return arr[this.int(arr.length)];
  }
  chance(p) {
    return this.next() < p;
  }
  /** A skewed pick: low indices far more often (Zipf-like), like "CC6.1 is mapped everywhere". */
  skewed(arr, s = 1.1) {
    const u = this.next();
    const i = Math.floor(arr.length * Math.pow(u, 1 + s));
    return arr[Math.min(i, arr.length - 1)];
  }
  sample(arr, k) {
    const out = new Set();
    while (out.size < Math.min(k, arr.length)) out.add(this.pick(arr));
    return [...out];
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const DOMAINS = [
  { dir: 'access', prefix: 'AC', subs: ['sso', 'provisioning', 'reviews', 'privileged', 'database', 'offboarding', 'service-accounts', 'secrets'], crit: ['CC6.1', 'CC6.2', 'CC6.3', 'CC6.6', 'CC6.7'], pol: 'ACC' },
  { dir: 'change', prefix: 'CHG', subs: ['code-review', 'iac', 'emergency', 'drift', 'release', 'testing', 'approvals', 'rollback'], crit: ['CC8.1', 'CC3.4', 'CC7.1', 'PI1.2'], pol: 'CHG' },
  { dir: 'operations', prefix: 'OPS', subs: ['monitoring', 'alerting', 'capacity', 'backups', 'patching', 'logging', 'vuln-mgmt', 'hardening'], crit: ['CC7.1', 'CC7.2', 'A1.1', 'A1.2', 'CC7.3'], pol: 'OPS' },
  { dir: 'governance', prefix: 'GOV', subs: ['board', 'roles', 'risk', 'self-assessment', 'policy-approval', 'ethics', 'reporting', 'audit'], crit: ['CC1.1', 'CC1.2', 'CC1.3', 'CC2.1', 'CC3.1', 'CC3.2', 'CC4.1', 'CC4.2', 'CC5.1', 'CC5.2', 'CC5.3'], pol: 'GOV' },
  { dir: 'hr', prefix: 'HR', subs: ['hiring', 'background', 'training', 'conduct', 'performance', 'termination', 'contractors', 'awareness'], crit: ['CC1.4', 'CC1.5', 'CC2.2', 'CC1.1'], pol: 'HR' },
  { dir: 'vendor', prefix: 'VM', subs: ['intake', 'due-diligence', 'contracts', 'monitoring', 'offboarding', 'subprocessors', 'soc-reports', 'risk-tiering'], crit: ['CC9.2', 'CC3.4', 'CC2.3', 'C1.1'], pol: 'VEN' },
  { dir: 'incident', prefix: 'IR', subs: ['detection', 'triage', 'response', 'postmortem', 'communication', 'tabletop', 'forensics', 'escalation'], crit: ['CC7.3', 'CC7.4', 'CC7.5', 'CC2.3'], pol: 'IR' },
  { dir: 'continuity', prefix: 'BC', subs: ['dr-plan', 'dr-tests', 'replication', 'failover', 'rto-rpo', 'crisis', 'dependencies', 'recovery'], crit: ['A1.2', 'A1.3', 'CC9.1', 'CC7.5'], pol: 'BCP' },
  { dir: 'data', prefix: 'DP', subs: ['classification', 'retention', 'disposal', 'encryption', 'masking', 'dlp', 'keys', 'transfer'], crit: ['C1.1', 'C1.2', 'CC6.1', 'CC6.5', 'CC6.7'], pol: 'DATA' },
  { dir: 'network', prefix: 'NET', subs: ['firewall', 'segmentation', 'vpn', 'waf', 'ddos', 'dns', 'tls', 'ids'], crit: ['CC6.6', 'CC6.1', 'CC7.2', 'CC6.8'], pol: 'NET' },
  { dir: 'endpoint', prefix: 'EP', subs: ['mdm', 'edr', 'disk-encryption', 'patching', 'inventory', 'byod', 'usb', 'screen-lock'], crit: ['CC6.8', 'CC6.7', 'CC7.1', 'CC6.4'], pol: 'END' },
  { dir: 'privacy', prefix: 'PRV', subs: ['notice', 'consent', 'collection', 'use', 'access-requests', 'disclosure', 'quality', 'complaints'], crit: ['P1.1', 'P2.1', 'P3.1', 'P3.2', 'P4.1', 'P4.2', 'P4.3', 'P5.1', 'P5.2', 'P6.1', 'P6.2', 'P6.3', 'P6.4', 'P6.5', 'P6.6', 'P6.7', 'P7.1', 'P8.1'], pol: 'PRIV' },
  { dir: 'processing', prefix: 'PI', subs: ['inputs', 'processing', 'outputs', 'storage', 'reconciliation', 'specs', 'errors', 'batch'], crit: ['PI1.1', 'PI1.2', 'PI1.3', 'PI1.4', 'PI1.5'], pol: 'PI' },
  { dir: 'monitoring', prefix: 'MON', subs: ['siem', 'audit-logs', 'metrics', 'uptime', 'anomaly', 'kpis', 'dashboards', 'reviews'], crit: ['CC4.1', 'CC4.2', 'CC7.2', 'CC2.1', 'A1.1'], pol: 'MON' },
  { dir: 'risk', prefix: 'RSK', subs: ['assessment', 'register', 'fraud', 'treatment', 'appetite', 'third-party', 'changes', 'insurance'], crit: ['CC3.1', 'CC3.2', 'CC3.3', 'CC3.4', 'CC9.1', 'CC9.2'], pol: 'RISK' },
];

const OWNERS = ['security-team', 'platform-team', 'it-team', 'people-ops', 'engineering', 'data-team', 'legal', 'compliance', 'sre', 'finance', 'support-team', 'privacy-office', 'ciso'];
const VERBS = ['Review', 'Enforce', 'Monitor', 'Approve', 'Reconcile', 'Rotate', 'Encrypt', 'Test', 'Verify', 'Document', 'Restrict', 'Alert on', 'Back up', 'Train staff on', 'Assess'];
const OBJECTS = ['production access', 'privileged roles', 'deployment pipelines', 'database credentials', 'firewall rules', 'vendor contracts', 'backup restores', 'encryption keys', 'audit logs', 'new hire onboarding', 'customer data exports', 'incident tickets', 'change requests', 'endpoint posture', 'API tokens', 'DNS records', 'retention schedules', 'risk register entries', 'service accounts', 'subprocessor list'];
const PHRASES = [
  'The owner checks the list against the source of truth and removes what is no longer needed.',
  'Exceptions are raised as tickets and tracked to closure by the owning team.',
  'The check runs in CI and blocks the change when it fails.',
  'Results are recorded in the ticketing system and linked from this control.',
  'Deviations are escalated to the security team within one business day.',
  'A second person signs off before anything reaches production.',
  'The schedule is kept in the compliance calendar with reminders to the owner.',
  'Alerts page the on-call engineer, who acknowledges within fifteen minutes.',
];
const FREQS = [['quarterly', 30], ['monthly', 18], ['annually', 14], ['continuous', 12], ['on-event', 12], ['daily', 6], ['semiannually', 5], ['weekly', 3]];
const SYSTEM_KINDS = ['infrastructure', 'software', 'data', 'people', 'procedures', 'vendor'];
const POLICY_AREAS = ['access', 'change', 'operations', 'governance', 'people', 'vendors', 'incident', 'continuity', 'data', 'privacy'];

function weighted(rng, pairs) {
  const total = pairs.reduce((n, [, w]) => n + w, 0);
  let r = rng.next() * total;
  for (const [v, w] of pairs) if ((r -= w) < 0) return v;
  return pairs[pairs.length - 1][0];
}

const pad = (n, w) => String(n).padStart(w, '0');
const day = (y, m, d) => `${y}-${pad(m, 2)}-${pad(d, 2)}`;

// ---------------------------------------------------------------------------------------------

function catalogCriteria() {
  const cat = YAML.parse(fs.readFileSync(path.join(ROOT, 'criteria/tsc-2017.yaml'), 'utf8'));
  const ids = [];
  for (const c of cat.categories) for (const s of c.series) for (const cr of s.criteria) ids.push(cr.id);
  return ids;
}

function systemsInventory(rng) {
  const names = ['aws-prod', 'aws-staging', 'gcp-analytics', 'eks-cluster', 'aurora-db', 's3-attachments', 'redis-cache', 'kafka', 'web-app', 'public-api', 'admin-console', 'mobile-app', 'billing-service', 'search-service', 'okta', 'github', 'circleci', 'datadog', 'pagerduty', 'zendesk', 'slack', 'google-workspace', 'jamf', 'crowdstrike', 'cloudflare', 'vault', 'snowflake', 'stripe', 'workforce', 'contractors', 'sec-procedures', 'ops-runbooks', 'customer-data', 'employee-data', 'backup-vault', 'vpn', 'dns', 'email-gateway', 'marketing-site', 'legacy-ftp'];
  return names.map((id, i) => {
    const s = { id, name: id.replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()), kind: SYSTEM_KINDS[i % SYSTEM_KINDS.length], owner: rng.pick(OWNERS) };
    if (id === 'marketing-site' || id === 'legacy-ftp') Object.assign(s, { scope: 'out', reason: 'Holds no customer data and has no connection to production.' });
    return s;
  });
}

function attestYaml(systems) {
  const lines = [
    '# Generated by bench/generate.mjs: a SOC 2 Type II workspace for the Attest benchmark.',
    'framework: tsc-2017',
    'categories:',
    '  - security',
    '  - availability',
    '  - processing-integrity',
    '  - confidentiality',
    '  - privacy',
    'report: type2',
    'period:',
    '  start: 2026-01-01',
    '  end: 2026-12-31',
    'controls: ["controls/**/*.{yaml,yml}"]',
    'policies: ["policies/**/*.md"]',
    'exclude:',
    '  - criterion: CC6.4',
    '    reason: >-',
    '      No data centers or on-premises hardware; physical security of the hosting',
    '      provider is carved out as a subservice organization.',
    '',
    'systems:',
  ];
  for (const s of systems) {
    lines.push(`  - id: ${s.id}`, `    name: ${s.name}`, `    kind: ${s.kind}`, `    owner: ${s.owner}`);
    if (s.scope) lines.push(`    scope: ${s.scope}`, `    reason: ${s.reason}`);
  }
  return lines.join('\n') + '\n';
}

/** Evidence dates for a frequency, as of 2026-10-01 in a 2026 period; `flaw` makes it missing, stale or gappy. */
function evidenceDates(rng, freq, flaw) {
  if (flaw === 'missing') return rng.chance(0.5) ? [] : [day(2025, 11, 3 + rng.int(20))];
  const out = [];
  switch (freq) {
    case 'quarterly':
      for (const m of [3, 6, 9]) if (!(flaw === 'gap' && m === 6)) out.push(day(2026, m, 10 + rng.int(18)));
      if (flaw === 'stale') out.splice(-1, 1);
      break;
    case 'monthly':
      for (let m = 1; m <= 9; m++) if (!(flaw === 'gap' && m === 4)) out.push(day(2026, m, 5 + rng.int(20)));
      if (flaw === 'stale') out.splice(-2, 2);
      break;
    case 'weekly':
      for (let d = 2; d < 273; d += 7) if (!(flaw === 'gap' && d > 100 && d < 115)) out.push(new Date(Date.UTC(2026, 0, d + rng.int(5))).toISOString().slice(0, 10));
      if (flaw === 'stale') out.splice(-3, 3);
      break;
    case 'semiannually':
      out.push(day(2026, 6, 1 + rng.int(25)));
      if (flaw === 'stale') out[0] = day(2026, 2, 2);
      break;
    case 'annually':
      out.push(day(2026, 1 + rng.int(8), 1 + rng.int(27)));
      break;
    case 'daily':
      out.push(flaw === 'stale' ? day(2026, 9, 12) : day(2026, 9, 30));
      break;
    case 'continuous':
    case 'on-event':
    default:
      for (let i = 0, n = 1 + rng.int(3); i < n; i++) out.push(day(2026, 1 + rng.int(9), 1 + rng.int(27)));
      out.sort();
  }
  return out;
}

/** One control as YAML lines (no indentation; a register indents them). */
function controlLines(rng, c) {
  const L = [];
  L.push(`id: ${c.id}`);
  L.push(`title: ${c.title}`);
  L.push('description: >');
  L.push(`  ${c.description[0]}`);
  if (c.description[1]) L.push(`  ${c.description[1]}`);
  L.push(`owner: ${c.owner}`);
  L.push(`status: ${c.status}`);
  if (c.due) L.push(`due: ${c.due}`);
  L.push(`type: ${c.type}`);
  L.push(`automation: ${c.automation}`);
  L.push(`frequency: ${c.frequency}`);
  const list = (key, items) => {
    if (!items.length) return;
    if (c.block) {
      L.push(`${key}:`);
      for (const it of items) L.push(`  - ${it}`);
    } else L.push(`${key}: [${items.join(', ')}]`);
  };
  list('criteria', c.criteria);
  list('policies', c.policies);
  list('systems', c.systems);
  if (c.evidence.length) {
    L.push('evidence:');
    for (const e of c.evidence) {
      L.push(`  - title: ${e.title}`, `    collected: ${e.collected}`, `    link: ${e.link}`);
    }
  }
  if (c.exceptions) {
    L.push('exceptions:');
    for (const ex of c.exceptions) {
      L.push(`  - raised: ${ex.raised}`, `    summary: ${ex.summary}`, `    due: ${ex.due}`);
      if (ex.resolved) L.push(`    resolved: ${ex.resolved}`);
    }
  }
  return L;
}

function makeControl(rng, id, domain, ctx) {
  const status = weighted(rng, [['implemented', 90], ['planned', 7], ['retired', 3]]);
  const frequency = weighted(rng, FREQS);
  const nCrit = weighted(rng, [[1, 25], [2, 40], [3, 25], [4, 10]]);
  const criteria = new Set();
  // The first controls map every criterion of the catalog once, so all are used.
  if (ctx.uncovered.length) criteria.add(ctx.uncovered.pop());
  while (criteria.size < nCrit) criteria.add(rng.chance(0.8) ? rng.skewed(domain.crit, 0.6) : rng.pick(ctx.allCriteria));
  const policies = new Set();
  const nPol = weighted(rng, [[0, 5], [1, 65], [2, 30]]);
  while (policies.size < nPol) policies.add(rng.chance(0.75) ? rng.skewed(ctx.policiesByArea.get(domain.pol), 1) : rng.pick(ctx.policyIds));
  const systems = rng.sample(ctx.inScopeSystems, weighted(rng, [[1, 50], [2, 35], [3, 15]]));
  if (rng.chance(0.004)) systems.push('marketing-site');
  const flaw = status !== 'implemented' ? undefined : weighted(rng, [[undefined, 84], ['missing', 4], ['stale', 5], ['gap', 7]]);
  const c = {
    id,
    title: `${rng.pick(VERBS)} ${rng.pick(OBJECTS)}${rng.chance(0.5) ? ` (${domain.dir})` : ''}`,
    description: [rng.pick(PHRASES), rng.chance(0.7) ? rng.pick(PHRASES) : ''],
    owner: rng.chance(0.01) ? '""' : rng.pick(OWNERS),
    status,
    type: rng.pick(['preventive', 'detective', 'corrective']),
    automation: rng.pick(['manual', 'automated', 'hybrid']),
    frequency,
    criteria: [...criteria],
    policies: [...policies],
    systems,
    block: rng.chance(0.3),
    evidence: [],
  };
  if (status === 'planned') c.due = rng.chance(0.3) ? day(2026, 6, 1 + rng.int(28)) : day(2026, 11 + rng.int(2), 1 + rng.int(28));
  if (status === 'implemented') {
    c.evidence = evidenceDates(rng, frequency, flaw).map((d, i) => ({ title: `${frequency} sample ${i + 1} for ${id}`, collected: d, link: `https://tickets.example.com/SEC-${10000 + rng.int(89999)}` }));
  }
  if (rng.chance(0.02)) {
    c.exceptions = [{ raised: day(2026, 2 + rng.int(5), 1 + rng.int(27)), summary: 'Sample showed a missed step; owner retrained.', due: day(2026, 8 + rng.int(4), 1 + rng.int(27)) }];
    if (rng.chance(0.5)) c.exceptions[0].resolved = day(2026, 9, 1 + rng.int(20));
  }
  return c;
}

function policyText(rng, p) {
  const fm = [
    '---',
    `id: ${p.id}`,
    `title: ${p.title}`,
    `owner: ${rng.pick(OWNERS)}`,
    `version: "${1 + rng.int(4)}.${rng.int(10)}"`,
    `status: ${p.status}`,
    `approved: ${p.approved}`,
    `review: annually`,
    `criteria: [${p.criteria.join(', ')}]`,
    '---',
    `# ${p.title}`,
    '',
    '## Purpose',
    '',
    `This policy sets out how the company manages ${p.topic}, so that the commitments made to`,
    'customers in contracts and in the system description are met every day.',
    '',
    '## Scope',
    '',
    'All employees, contractors and systems in scope of the SOC 2 report.',
    '',
    '## Policy',
    '',
  ];
  for (let i = 0, n = 4 + rng.int(8); i < n; i++) fm.push(`${i + 1}. ${rng.pick(PHRASES)}`);
  fm.push('', '## Exceptions', '', 'Exceptions need written approval from the policy owner and are reviewed every quarter.', '');
  return fm.join('\n');
}

/** Generates one workspace; returns its manifest. */
export function generate(sizeName, { out = path.join(BENCH, 'workspaces'), seed = DEFAULT_SEED } = {}) {
  const n = SIZES[sizeName] ?? Number(sizeName);
  if (!Number.isFinite(n) || n < 100) throw new Error(`bad size ${sizeName}`);
  const rng = new Rng(seed * 1_000_003 + n);
  const root = path.join(out, `ws-${sizeName}`);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const write = (rel, text) => {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  };

  const allCriteria = catalogCriteria();
  const systems = systemsInventory(rng);
  write('attest.yaml', attestYaml(systems));
  const inScopeSystems = systems.filter((s) => !s.scope).map((s) => s.id);

  // Policies: 320 across 10 folders; every domain's policy area gets a family of ids.
  const areas = [...new Set(DOMAINS.map((d) => d.pol))];
  const policies = [];
  for (let i = 0; i < 320; i++) {
    const area = areas[i % areas.length];
    const dom = DOMAINS.find((d) => d.pol === area);
    const id = `POL-${area}-${pad(Math.floor(i / areas.length) + 1, 3)}`;
    const crit = rng.sample(rng.chance(0.85) ? dom.crit : allCriteria, 1 + rng.int(4));
    policies.push({
      id,
      area,
      folder: POLICY_AREAS[i % POLICY_AREAS.length],
      title: `${dom.dir[0].toUpperCase()}${dom.dir.slice(1)} policy ${Math.floor(i / areas.length) + 1} - ${rng.pick(OBJECTS)}`,
      topic: rng.pick(OBJECTS),
      status: weighted(rng, [['approved', 85], ['draft', 12], ['retired', 3]]),
      approved: rng.chance(0.9) ? day(2026, 1 + rng.int(6), 1 + rng.int(27)) : day(2025, 1 + rng.int(6), 1 + rng.int(27)),
      criteria: crit,
    });
  }
  // The policy the harness renames: approved, and referenced by exactly RENAME_REFS controls.
  const renamed = policies[7];
  renamed.status = 'approved';
  const policyIds = policies.filter((p) => p !== renamed).map((p) => p.id);
  const policiesByArea = new Map();
  for (const p of policies) if (p !== renamed) (policiesByArea.get(p.area) ?? policiesByArea.set(p.area, []).get(p.area)).push(p.id);
  for (const p of policies) write(`policies/${p.folder}/${p.id.toLowerCase()}.md`, policyText(rng, p));

  const ctx = { allCriteria, uncovered: [...allCriteria].reverse(), policyIds, policiesByArea, inScopeSystems };

  // Single-control files across domain/subfolder trees.
  const files = [];
  const perDomain = new Map();
  for (let i = 0; i < n; i++) {
    const domain = DOMAINS[i % DOMAINS.length];
    const k = (perDomain.get(domain.prefix) ?? 0) + 1;
    perDomain.set(domain.prefix, k);
    const id = `${domain.prefix}-${pad(k, 5)}`;
    const c = makeControl(rng, id, domain, ctx);
    const sub = domain.subs[k % domain.subs.length];
    const slug = c.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
    const rel = `controls/${domain.dir}/${sub}/${id}-${slug}.${rng.chance(0.05) ? 'yml' : 'yaml'}`;
    files.push({ rel, c });
  }
  // Give the renamed policy exactly RENAME_REFS referencing controls, spread over the workspace.
  const referencing = [];
  for (let j = 0; j < RENAME_REFS; j++) {
    const f = files[Math.floor(((j + 0.5) * files.length) / RENAME_REFS)];
    f.c.policies = [renamed.id, ...f.c.policies.filter((x) => x !== renamed.id)].slice(0, 2);
    referencing.push(f.rel);
  }
  // Edit targets for the harness. The single file's criteria list starts with the most mapped
  // criterion, CC6.1, so hover is timed on the same (and the heaviest) id at every size.
  const refSet = new Set(referencing);
  const isClean = (c, rel) => !refSet.has(rel) && c.status === 'implemented' && c.owner !== '""' && c.criteria.length >= 2 && !c.block && c.policies.length && !c.systems.includes('marketing-site');
  const mid = Math.floor(files.length / 2);
  const single = files.slice(mid).find((f) => isClean(f.c, f.rel));
  single.c.criteria = ['CC6.1', ...single.c.criteria.filter((x) => x !== 'CC6.1')].slice(0, 4);
  const length = new Map();
  for (const f of files) {
    const text = controlLines(rng, f.c).join('\n') + '\n';
    length.set(f, text.length);
    write(f.rel, text);
  }
  // The duplicated-id edit re-parses dupA: a file of typical size at every size (some controls
  // carry a long evidence history), so sizes compare.
  const dupA = files.slice(mid + 10).find((f) => isClean(f.c, f.rel) && f !== single && length.get(f) <= 1000);
  const dupB = files.slice(Math.floor(files.length / 4)).find((f) => isClean(f.c, f.rel) && f !== single && f !== dupA);

  // Registers: 1,000 vendor controls and 250 people controls.
  const registers = [
    { rel: 'controls/registers/vendor-register.yaml', prefix: 'VR', count: 1000, domain: DOMAINS.find((d) => d.dir === 'vendor') },
    { rel: 'controls/registers/people-register.yaml', prefix: 'HRR', count: 250, domain: DOMAINS.find((d) => d.dir === 'hr') },
  ];
  for (const r of registers) {
    const lines = [`# ${r.count} controls kept in one register.`, 'controls:'];
    for (let i = 1; i <= r.count; i++) {
      const c = makeControl(rng, `${r.prefix}-${pad(i, 4)}`, r.domain, ctx);
      const [first, ...rest] = controlLines(rng, c);
      lines.push(`  - ${first}`, ...rest.map((l) => `    ${l}`), '');
    }
    write(r.rel, lines.join('\n'));
  }

  const manifest = {
    generatorVersion: GENERATOR_VERSION,
    seed,
    size: sizeName,
    root,
    controlFiles: n,
    registerControls: registers.reduce((a, r) => a + r.count, 0),
    policies: policies.length,
    systems: systems.length,
    criteria: allCriteria.length,
    single: single.rel,
    dupA: dupA.rel,
    dupB: dupB.rel,
    dupBId: dupB.c.id,
    policy: `policies/${renamed.folder}/${renamed.id.toLowerCase()}.md`,
    policyId: renamed.id,
    policyRefs: referencing,
    register: registers[0].rel,
  };
  fs.writeFileSync(path.join(out, `ws-${sizeName}.json`), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** The manifest of an up-to-date workspace, generating it when missing or stale. */
export function ensureWorkspace(sizeName, opts = {}) {
  const out = opts.out ?? path.join(BENCH, 'workspaces');
  const seed = opts.seed ?? DEFAULT_SEED;
  const mf = path.join(out, `ws-${sizeName}.json`);
  try {
    const m = JSON.parse(fs.readFileSync(mf, 'utf8'));
    if (m.generatorVersion === GENERATOR_VERSION && m.seed === seed && fs.existsSync(path.join(m.root, 'attest.yaml'))) return m;
  } catch {
    /* generate */
  }
  return generate(sizeName, { out, seed });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const sizes = opt('sizes', '1k,10k,50k').split(',');
  const out = path.resolve(opt('out', path.join(BENCH, 'workspaces')));
  const seed = Number(opt('seed', DEFAULT_SEED));
  for (const s of sizes) {
    const t = performance.now();
    const m = args.includes('--force') ? generate(s, { out, seed }) : ensureWorkspace(s, { out, seed });
    console.log(`ws-${s}: ${m.controlFiles} control files + ${m.registerControls} register controls, ${m.policies} policies -> ${m.root} (${Math.round(performance.now() - t)} ms)`);
  }
}
