// Pure: the OSCAL models the editor exports, their file names, and the check of the server's answer
// before anything is written. No `vscode` import, so it is unit-tested in plain Node.
import type { ReportFormat } from '../../server/src/protocol';

export type OscalFormat = Extract<ReportFormat, 'oscal-catalog' | 'oscal-component' | 'oscal-poam'>;

export interface OscalModel {
  format: OscalFormat;
  /** What the quick pick shows. */
  label: string;
  detail: string;
  /** The document's one root key (OSCAL 1.2.2). */
  root: string;
  /** The end of the default file name: <project>-oscal-<suffix>.json. */
  suffix: string;
}

export const OSCAL_MODELS: readonly OscalModel[] = [
  { format: 'oscal-component', label: 'Component definition', detail: 'The criteria the project implements, with the controls that implement each.', root: 'component-definition', suffix: 'component' },
  { format: 'oscal-poam', label: 'Plan of action and milestones (POA&M)', detail: 'One item per remediation plan item: gaps, planned controls, exceptions, evidence, reviews.', root: 'plan-of-action-and-milestones', suffix: 'poam' },
  { format: 'oscal-catalog', label: 'Catalog', detail: "The project's framework: a group per series, a control per criterion.", root: 'catalog', suffix: 'catalog' },
];

/** The model a command argument names: its format (`oscal-poam`), its short name (`poam`) or its root key. */
export function oscalModel(name: string | undefined): OscalModel | undefined {
  if (!name) return undefined;
  const n = name.trim().toLowerCase();
  return OSCAL_MODELS.find((m) => m.format === n || m.suffix === n || m.root === n);
}

/** A file-name-safe form of a project's name: "Acme, Inc." -> "acme-inc", "compliance/beta" -> "compliance-beta". */
export function fileSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'attest';
}

/** The save dialog's default file name: <project>-oscal-component.json. */
export function oscalFileName(projectName: string, model: OscalModel): string {
  return `${fileSlug(projectName)}-oscal-${model.suffix}.json`;
}

/** Why `content` is not the model's document (not JSON, or another root), or undefined when it is. */
export function oscalProblem(content: string, model: OscalModel): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (e) {
    return `The language server's ${model.label} export is not JSON (${e instanceof Error ? e.message : String(e)}).`;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return `The language server's ${model.label} export is not a JSON object.`;
  const keys = Object.keys(doc);
  if (keys.length !== 1 || keys[0] !== model.root) return `The language server's ${model.label} export has ${keys.length ? `the root ${keys.map((k) => `"${k}"`).join(', ')}` : 'no root'}, not "${model.root}".`;
  return undefined;
}
