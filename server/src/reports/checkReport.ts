import { pathToFileURL } from 'node:url';
import { CODES, type Code, type Finding, type Severity } from '../core/index.js';
import type { Position } from '../core/text.js';
import { coverageResult, fromCwd, fromFolder, rootOf, several, type FolderReport, type PathBase, type ProjectDiagnostic } from './reportModel.js';
import { coverageSummaryLine } from './coverageReport.js';

/** `attest check` as text, JSON and SARIF. */

/** What the text and SARIF forms need of a check: findings, file counts, the coverage line (the CLI's cache replays it). */
export interface CheckedFolder extends PathBase {
  projects: CheckedProject[];
}

export interface CheckedProject {
  root: string;
  diagnostics: ProjectDiagnostic[];
  fileCount: number;
  coverageLine: string;
}

export function checkedFolder(r: FolderReport): CheckedFolder {
  return { folder: r.folder, cwd: r.cwd, projects: r.projects.map((p) => ({ root: p.root, diagnostics: p.diagnostics, fileCount: p.fileCount, coverageLine: coverageSummaryLine(p.summary) })) };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summary(diagnostics: readonly ProjectDiagnostic[], fileCount: number): string {
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const d of diagnostics) counts[d.finding.severity]++;
  return checkSummary(counts, fileCount);
}

/** The summary line of a check from its findings' counts by severity. */
export function checkSummary(counts: Record<Severity, number>, fileCount: number): string {
  const total = counts.error + counts.warning + counts.information + counts.hint;
  return total === 0
    ? `No problems in ${plural(fileCount, 'file')}.`
    : `${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.information} information) in ${plural(fileCount, 'file')}.`;
}

/** One finding as a compiler-style line (the CLI's cache renders changed files' lines with it too). */
export function diagnosticLine(r: PathBase, p: { root: string }, file: string, start: Position, f: Pick<Finding, 'severity' | 'code' | 'message'>): string {
  return `${fromCwd(r, p, file)}:${start.line + 1}:${start.character + 1} ${f.severity} ${f.code} ${f.message}`;
}

/** Compiler-style lines, paths relative to the current directory; one section per project when several. */
export function checkText(r: CheckedFolder): string {
  const sections = r.projects.map((p) => {
    const lines = several(r) ? [`Project ${rootOf(r, p)}`] : [];
    for (const d of p.diagnostics) lines.push(diagnosticLine(r, p, d.file, d.range.start, d.finding));
    if (p.diagnostics.length) lines.push('');
    lines.push(summary(p.diagnostics, p.fileCount), p.coverageLine);
    return lines.join('\n') + '\n';
  });
  if (several(r)) {
    const all = r.projects.flatMap((p) => p.diagnostics);
    const files = r.projects.reduce((n, p) => n + p.fileCount, 0);
    sections.push(`${r.projects.length} projects: ${summary(all, files).replace(/^No/, 'no')}\n`);
  }
  return sections.join('\n');
}

export function checkJson(r: FolderReport): string {
  const diagnostics = r.projects.flatMap((p) =>
    p.diagnostics.map((d) => ({ file: fromFolder(r, p, d.file), range: d.range, severity: d.finding.severity, code: d.finding.code, message: d.finding.message })),
  );
  const projects = r.projects.map((p) => ({ root: rootOf(r, p), coverage: coverageResult(r, p) }));
  const one = r.projects.length === 1 ? { coverage: projects[0]!.coverage } : {};
  return JSON.stringify({ diagnostics, ...one, projects }, null, 2) + '\n';
}

const LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

/** A rule's readable name: the code in PascalCase, never equal to the id (SARIF1001). */
function ruleName(code: Code): string {
  const name = code.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
  return name.toLowerCase() === code ? `${name}Violation` : name;
}

/** A `/`-separated relative path as a URI reference (each segment escaped, so `#` or `%` in a name stays a name). */
function uriReference(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: rules with help, 1-based regions, and URIs
 * relative to the current directory (`%SRCROOT%`, where a CI job runs the command: the checkout).
 */
export function checkSarif(r: CheckedFolder, version: string): string {
  const codes = Object.keys(CODES) as Code[];
  const rules = codes.map((code) => ({
    id: code,
    name: ruleName(code),
    shortDescription: { text: CODES[code].help },
    fullDescription: { text: CODES[code].help },
    help: { text: `${CODES[code].help} See docs/diagnostics.md#${code} for an example and the fix.`, markdown: `${CODES[code].help}\n\nSee [docs/diagnostics.md](docs/diagnostics.md#${code}).` },
    helpUri: `https://github.com/attest-dev/attest/blob/main/docs/diagnostics.md#${code}`,
    defaultConfiguration: { level: LEVEL[CODES[code].severity] },
  }));
  const results = r.projects.flatMap((p) =>
    p.diagnostics.map((d) => ({
      ruleId: d.finding.code,
      ruleIndex: codes.indexOf(d.finding.code),
      level: LEVEL[d.finding.severity],
      message: { text: d.finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriReference(fromCwd(r, p, d.file)), uriBaseId: '%SRCROOT%' },
            region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
          },
        },
      ],
    })),
  );
  const cwdUri = pathToFileURL(r.cwd).href;
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'attest', semanticVersion: version, informationUri: 'https://github.com/attest-dev/attest', rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: cwdUri.endsWith('/') ? cwdUri : `${cwdUri}/` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
