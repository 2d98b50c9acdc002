import { CODES, type Code } from '../core/index.js';
import { payloadOf, type FolderReport } from './model.js';
import { coverageSummaryLine } from './coverageReport.js';

export function checkText(r: FolderReport): string {
  const lines: string[] = [];
  for (const d of r.diagnostics) {
    const f = d.finding;
    lines.push(`${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${f.severity} ${f.code} ${f.message}`);
  }
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const d of r.diagnostics) counts[d.finding.severity]++;
  const total = r.diagnostics.length;
  if (lines.length) lines.push('');
  lines.push(
    total === 0
      ? `No problems in ${r.fileCount} file${r.fileCount === 1 ? '' : 's'}.`
      : `${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.information} information) in ${r.fileCount} file${r.fileCount === 1 ? '' : 's'}.`,
  );
  lines.push(coverageSummaryLine(r.coverage));
  return lines.join('\n') + '\n';
}

export function checkJson(r: FolderReport): string {
  const diagnostics = r.diagnostics.map((d) => ({ file: d.file, range: d.range, severity: d.finding.severity, code: d.finding.code, message: d.finding.message }));
  return JSON.stringify({ diagnostics, coverage: payloadOf(r) }, null, 2) + '\n';
}

const LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

/** SARIF 2.1.0 as GitHub code scanning accepts it: rules with help, 1-based regions, relative URIs. */
export function checkSarif(r: FolderReport, version: string): string {
  const codes = Object.keys(CODES) as Code[];
  const rules = codes.map((code) => ({
    id: code,
    name: code.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: CODES[code].help },
    fullDescription: { text: CODES[code].help },
    help: { text: `${CODES[code].help} See docs/diagnostics.md#${code} for an example and the fix.`, markdown: `${CODES[code].help}\n\nSee [docs/diagnostics.md](docs/diagnostics.md#${code}).` },
    helpUri: `https://github.com/attest-dev/attest/blob/main/docs/diagnostics.md#${code}`,
    defaultConfiguration: { level: LEVEL[CODES[code].severity] },
  }));
  const results = r.diagnostics.map((d) => ({
    ruleId: d.finding.code,
    ruleIndex: codes.indexOf(d.finding.code),
    level: LEVEL[d.finding.severity],
    message: { text: d.finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(d.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
        },
      },
    ],
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'attest', semanticVersion: version, informationUri: 'https://github.com/attest-dev/attest', rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
