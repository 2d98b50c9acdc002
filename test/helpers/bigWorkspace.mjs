// A generated workspace just over the two-thread threshold (2,000 files): small controls and
// policies with most kinds of findings, a large register (read item by item), an oversized file,
// a file that cannot be read (unless root), a BOM, CRLF line ends and broken YAML. Deterministic.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempWorkspace, removeDir } from './workspaces.mjs';

export const BIG_CONTROLS = 2400;
const CRITERIA = ['CC1.1', 'CC2.1', 'CC3.2', 'CC6.1', 'CC6.2', 'CC7.2', 'CC8.1', 'A1.2', 'CC9.9'];
const CONFIG = `framework: tsc-2017
categories: [security, availability]
report: type2
period:
  start: 2026-01-01
  end: 2026-12-31
maxFileSize: 60000
systems:
  - id: aws-prod
    name: AWS production
  - id: legacy
    name: Legacy
    scope: out
    reason: Decommissioned in 2025
`;

function controlText(i) {
  const id = i % 97 === 5 ? `CTL-${String(i - 1).padStart(4, '0')}` : `CTL-${String(i).padStart(4, '0')}`; // some duplicates
  const lines = [`id: ${id}`, `title: Control ${i}`];
  if (i % 13 !== 0) lines.push(`owner: team-${i % 5}`);
  if (i % 6 === 3) lines.push('status: planned', `due: 2026-0${(i % 9) + 1}-15`);
  lines.push(`criteria: [${CRITERIA[i % CRITERIA.length]}${i % 4 === 0 ? `, ${CRITERIA[(i + 3) % CRITERIA.length]}` : ''}]`);
  if (i % 3 === 0) lines.push(`policies: [POL-${String(i % 120).padStart(3, '0')}]`); // POL-100.. are unknown
  if (i % 5 === 0) lines.push(`systems: [${['aws-prod', 'legacy', 'nowhere'][i % 3]}]`);
  if (i % 2 === 0) {
    lines.push('frequency: quarterly', 'evidence:');
    lines.push(`  - collected: 2026-0${(i % 8) + 1}-10`, `    link: ${i % 10 === 0 ? 'evidence/missing.pdf' : 'evidence/ok.pdf'}`);
  }
  if (i % 17 === 0) lines.push('colour: blue'); // unknown field
  return lines.join('\n') + '\n';
}

function policyText(i) {
  return `---\nid: POL-${String(i).padStart(3, '0')}\ntitle: Policy ${i}\n${i % 9 ? 'owner: legal\n' : ''}status: approved\napproved: 2025-0${(i % 9) + 1}-01\nreview: annual\ncriteria: [${CRITERIA[i % CRITERIA.length]}]\n---\n\n# Policy ${i}\n\nText.\n`;
}

/** Writes the workspace into a fresh temp folder; `locked`: whether it holds an unreadable file. */
export function writeBigWorkspace() {
  const files = {
    'attest.yaml': CONFIG,
    'evidence/ok.pdf': 'pdf',
    'controls/zz/huge.yaml': `id: HUGE\ntitle: Huge\ndescription: ${'x'.repeat(70_000)}\n`,
    'controls/m/bom.yaml': `\ufeff${controlText(1)}`.replace('CTL-0001', 'BOM-1'),
    'controls/m/crlf.yaml': controlText(2).replace('CTL-0002', 'CRLF-1').replace(/\n/g, '\r\n'),
    'controls/m/broken.yaml': 'id: BROKEN\ntitle: [unclosed\n',
    'controls/m/empty.yaml': '',
    'policies/no-front-matter.md': '# Just prose\n',
  };
  for (let i = 0; i < BIG_CONTROLS; i++) files[`controls/d${String(i % 24).padStart(2, '0')}/c${String(i).padStart(4, '0')}.yaml`] = controlText(i);
  for (let i = 0; i < 100; i++) files[`policies/p${String(i).padStart(3, '0')}.md`] = policyText(i);
  const items = Array.from({ length: 250 }, (_, i) => controlText(10_000 + i).split('\n').filter(Boolean).map((l, j) => (j ? `    ${l}` : `  - ${l}`)).join('\n'));
  files['controls/registers/big.yaml'] = `controls:\n${items.join('\n')}\n`;
  // root reads any file: a mode of 000 stops nobody there.
  const locked = process.getuid?.() !== 0;
  if (locked) files['controls/zz/locked.yaml'] = controlText(3);
  const root = tempWorkspace(files, { prefix: 'attest-big-' });
  if (locked) fs.chmodSync(path.join(root, 'controls/zz/locked.yaml'), 0);
  return { root, locked };
}

/** Removes it again (the unreadable file included). */
export const removeBigWorkspace = removeDir;
