import type { FrameworkConfig } from '../../core/index.js';
import type { ProjectReport } from '../reportModel.js';
import { oscalCatalog } from './catalog.js';
import { oscalComponent } from './component.js';
import { oscalPoam } from './poam.js';

/** `attest export --format …`: one OSCAL JSON document of one project. */

export const OSCAL_FORMATS = ['oscal-catalog', 'oscal-component', 'oscal-poam'] as const;
export type OscalFormat = (typeof OSCAL_FORMATS)[number];

const BUILDERS: Record<OscalFormat, (p: ProjectReport, fw?: FrameworkConfig) => string> = { 'oscal-catalog': oscalCatalog, 'oscal-component': oscalComponent, 'oscal-poam': oscalPoam };

/** `framework` (the catalog's framework; default the primary) matters to oscal-catalog only. */
export function oscalExport(p: ProjectReport, format: OscalFormat, framework?: FrameworkConfig): string {
  return BUILDERS[format](p, framework);
}
