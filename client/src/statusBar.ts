import * as vscode from 'vscode';
import { summarize, type ProjectCoverage, type Summary } from './coverage/coverageModel';

/** "Attest 30/37" on the left of the status bar; the tooltip lists the gaps; a click reveals the coverage view. */
export class CoverageStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private last: Summary | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('attest.coverage', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Attest Coverage';
    this.item.command = { command: 'attest.showCoverage', title: 'Show Attest Coverage' };
    this.item.text = '$(loading~spin) Attest';
    this.item.tooltip = 'Attest: computing coverage…';
    this.item.show();
  }

  /** Shows the project of `activeUri` (the active editor's document), else the first project. */
  update(projects: ProjectCoverage[], activeUri: string | undefined): void {
    const s = summarize(projects, activeUri);
    this.last = s;
    const failed = projects.find((p) => p.uri === s.project)?.error ?? projects.find((p) => p.error)?.error;
    const icon = s.severity === 'none' ? (failed ? '$(warning)' : '$(loading~spin)') : s.severity === 'ok' ? '$(pass)' : '$(shield)';
    this.item.text = `${icon} ${s.text}`;
    const md = new vscode.MarkdownString(s.tooltip);
    md.isTrusted = false;
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: s.severity === 'none' ? 'Attest coverage' : `Attest coverage: ${s.covered} of ${s.total} criteria covered, ${s.gaps.length} gaps` };
  }

  /** The project shown (its URI), when there is one. */
  get project(): string | undefined {
    return this.last?.project;
  }

  /** The text without its icon: "Attest 30/37". */
  get text(): string {
    return this.last?.text ?? 'Attest';
  }

  get tooltip(): string {
    return this.last?.tooltip ?? '';
  }

  dispose(): void {
    this.item.dispose();
  }
}
