// The files `attest init` writes: a commented attest.yaml, one example control and the policy
// templates. The policies come from the editor's snippets (snippets/policies.json, bundled by
// esbuild), so the editor's "Create Policy from Template" and the CLI share one source.
import { formatDay, parseDate } from '../core/index.js';
import { policyFileName, policyTemplates } from '../core/policyTemplates.js';
import { snippetText } from '../core/snippetText.js';

export type ReportType = 'type1' | 'type2';

export interface InitScope {
  report: ReportType;
  /** Category ids in scope, security first. */
  categories: string[];
  /** "Today" as YYYY-MM-DD. */
  today: string;
}

export interface InitFile {
  /** Path relative to the project folder, with `/`. */
  rel: string;
  text: string;
}

export const EXAMPLE_CONTROL = 'controls/AC-01-access-review.yaml';

export function initFiles(scope: InitScope): InitFile[] {
  const [year, month, date] = scope.today.split('-') as [string, string, string];
  const variables = { CURRENT_YEAR: year, CURRENT_MONTH: month, CURRENT_DATE: date };
  const policies = policyTemplates().map((t) => ({
    rel: `policies/${policyFileName(t.name)}`,
    text: snippetText(t.body, variables),
  }));
  return [
    { rel: 'attest.yaml', text: attestYaml(scope) },
    { rel: EXAMPLE_CONTROL, text: exampleControl(scope.today) },
    ...policies,
  ];
}

function attestYaml({ report, categories, today }: InitScope): string {
  const year = today.slice(0, 4);
  const period = [`period:`, `  start: ${year}-01-01`, `  end: ${year}-12-31`];
  return [
    '# The scope of your SOC 2 report. Attest reads this file, controls/**/*.yaml and',
    '# policies/**/*.md; `attest check` validates them and `attest coverage` shows the gaps.',
    '',
    '# Who the report is about (report titles, exports).',
    'organization: Example Inc.',
    '',
    '# The criteria: tsc-2017 is the AICPA Trust Services Criteria (2017, with the 2022 points of focus).',
    'framework: tsc-2017',
    '',
    '# Trust Services Categories in scope. security is always in scope; the others are',
    '# availability, processing-integrity, confidentiality and privacy.',
    'categories:',
    ...categories.map((c) => `  - ${c}`),
    '',
    '# type1: the design of the controls on one day; type2: how they operated over a period.',
    `report: ${report}`,
    '',
    ...(report === 'type2'
      ? ['# The Type II audit window: evidence is checked against it.', ...period]
      : ['# The Type II audit window, required with report: type2.', ...period.map((l) => `# ${l}`)]),
    '',
    '# Where controls and policies live (these are the defaults).',
    '# controls: ["controls/**/*.{yaml,yml}"]',
    '# policies: ["policies/**/*.md"]',
    '',
    '# In-scope criteria you deliberately carve out, each with the reason your auditor reads.',
    '# exclude:',
    '#   - criterion: CC6.4',
    '#     reason: We run no data centers; physical security is our cloud provider\'s, covered by its own SOC 2 report.',
    '',
    '# The severity of a diagnostic code: error | warning | information | hint | off.',
    '# rules:',
    '#   uncovered-criterion: information',
    '#   missing-owner: off',
    '',
  ].join('\n');
}

/** A planned control (nothing claims it already runs), due in 90 days, carrying out POL-ACCESS. */
function exampleControl(today: string): string {
  const due = formatDay((parseDate(today) ?? 0) + 90);
  return [
    '# An example control: one control per file (or a register: `controls:` with a list of them).',
    '# Edit it to match how your team reviews access, or replace it with your own controls.',
    'id: AC-01',
    'title: Quarterly user access review',
    'description: >',
    '  Each quarter, system owners review every account and role in production and in the',
    '  identity provider, and remove access that is no longer needed.',
    'owner: security-team',
    'status: planned          # planned | implemented | retired',
    `due: ${due}          # when a planned control will be in place`,
    'type: detective          # preventive | detective | corrective',
    'automation: manual       # manual | automated | hybrid',
    'frequency: quarterly     # continuous | daily | weekly | monthly | quarterly | semiannually | annually | on-event',
    'criteria: [CC6.1, CC6.2, CC6.3]',
    'policies: [POL-ACCESS]   # policies/access-control.md',
    '# Once implemented, list what proves each run (what a Type II auditor samples):',
    '# evidence:',
    `#   - title: Q1 access review ticket`,
    `#     collected: ${today}`,
    '#     link: https://tickets.example.com/SEC-101',
    '',
  ].join('\n');
}
