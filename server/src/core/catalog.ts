import { parseYaml } from './parse/yamlText.js';
import { catalogSchema, type CatalogData } from './schema/catalog.js';
import { schemaFindings } from './schemaFindings.js';
import { quickValid } from './facts/quickSchema.js';
import { finding, type Finding } from './findings.js';
import { closest } from './suggest.js';
import builtInTsc2017 from '../../../criteria/tsc-2017.yaml';
import builtInIso27001 from '../../../criteria/iso27001-2022.yaml';
import builtInNistCsf2 from '../../../criteria/nist-csf-2.0.yaml';

export interface Criterion {
  id: string;
  title: string;
  description: string;
  pointsOfFocus: string[];
  category: string;
  categoryTitle: string;
  series: string;
  seriesTitle: string;
}

export interface Category {
  id: string;
  title: string;
  description: string;
  series: Array<{ id: string; title: string; criteria: string[] }>;
  criteria: string[];
}

/** A loaded, validated criteria catalog with fast lookups. */
export class Catalog {
  readonly criteria = new Map<string, Criterion>();
  readonly categories: Category[] = [];
  private readonly upper = new Map<string, string>();

  constructor(readonly id: string, readonly title: string, data: CatalogData, readonly source?: string) {
    for (const cat of data.categories) {
      const category: Category = { id: cat.id, title: cat.title, description: cat.description ?? '', series: [], criteria: [] };
      for (const s of cat.series) {
        const ids: string[] = [];
        for (const c of s.criteria) {
          if (this.criteria.has(c.id)) continue;
          this.criteria.set(c.id, {
            id: c.id,
            title: c.title,
            description: c.description ?? '',
            pointsOfFocus: c.pointsOfFocus ?? [],
            category: cat.id,
            categoryTitle: cat.title,
            series: s.id,
            seriesTitle: s.title,
          });
          this.upper.set(c.id.toUpperCase(), c.id);
          ids.push(c.id);
        }
        category.series.push({ id: s.id, title: s.title, criteria: ids });
        category.criteria.push(...ids);
      }
      this.categories.push(category);
    }
  }

  get(id: string): Criterion | undefined {
    return this.criteria.get(id);
  }

  category(id: string): Category | undefined {
    return this.categories.find((c) => c.id === id);
  }

  /** Closest known ids, for "did you mean" messages and quick fixes. */
  suggest(id: string): string[] {
    const exactCase = this.upper.get(id.toUpperCase().trim());
    if (exactCase) return [exactCase];
    return closest(id, this.criteria.keys(), 3);
  }
}

export interface CatalogLoad {
  catalog: Catalog | undefined;
  findings: Finding[];
}

/** Parses catalog text: Attest's own format, or a strongdm/comply standard file. */
export function parseCatalog(text: string, source?: string): CatalogLoad {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const base = text.length - body.length;
  const parsed = parseYaml(body, base);
  if (!parsed.doc || parsed.value === undefined) return { catalog: undefined, findings: parsed.findings };
  const value = parsed.value as Record<string, unknown> | null;
  if (value && typeof value === 'object' && !Array.isArray(value) && !('categories' in value) && looksLikeComply(value)) {
    return { catalog: fromComply(value, source), findings: [] };
  }
  // A valid catalog (every run loads at least one) needs no findings from zod: quickValid says so sooner.
  const valid = quickValid(catalogSchema, value);
  const issues = valid ? [] : schemaFindings(catalogSchema, value, parsed.doc.contents, base);
  if (issues.length) return { catalog: undefined, findings: issues };
  const data = valid ? (value as unknown as CatalogData) : catalogSchema.parse(value);
  return { catalog: new Catalog(data.id, data.title, data, source), findings: [] };
}

/** A catalog in Attest's format given as JSON (the bundled ones). */
function catalogFromJson(text: string, source?: string): CatalogLoad {
  const value: unknown = JSON.parse(text);
  if (!quickValid(catalogSchema, value)) return { catalog: undefined, findings: [finding('schema', { start: 0, end: 0 }, 'not a valid catalog')] };
  const data = value as CatalogData;
  return { catalog: new Catalog(data.id, data.title, data, source), findings: [] };
}

function looksLikeComply(value: Record<string, unknown>): boolean {
  return Object.entries(value).some(([k, v]) => /^[A-Z]+\d*\.\d+$/.test(k) && v !== null && typeof v === 'object');
}

/** comply standards list criteria as top-level keys with `family`, `name`, `description`. */
function fromComply(value: Record<string, unknown>, source?: string): Catalog {
  const categoryOf = (id: string): [string, string] => {
    if (id.startsWith('CC')) return ['security', 'Security'];
    if (id.startsWith('PI')) return ['processing-integrity', 'Processing integrity'];
    if (id.startsWith('A')) return ['availability', 'Availability'];
    if (id.startsWith('C')) return ['confidentiality', 'Confidentiality'];
    if (id.startsWith('P')) return ['privacy', 'Privacy'];
    return ['other', 'Other'];
  };
  const cats = new Map<string, CatalogData['categories'][number]>();
  for (const [id, raw] of Object.entries(value)) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) continue;
    const r = raw as Record<string, unknown>;
    const [catId, catTitle] = categoryOf(id);
    let cat = cats.get(catId);
    if (!cat) cats.set(catId, (cat = { id: catId, title: catTitle, series: [] }));
    const family = typeof r.family === 'string' ? r.family : id.split('.')[0]!;
    let series = cat.series.find((s) => s.id === family);
    if (!series) cat.series.push((series = { id: family, title: family, criteria: [] }));
    series.criteria.push({
      id,
      title: typeof r.name === 'string' ? r.name : id,
      description: typeof r.description === 'string' ? r.description : '',
    });
  }
  const name = typeof value.name === 'string' ? value.name : 'comply standard';
  return new Catalog(name, name, { id: name, title: name, categories: [...cats.values()] }, source);
}

/** The catalogs bundled with Attest, by the id a project names them with. */
export const BUILT_IN_CATALOGS = ['tsc-2017', 'iso27001-2022', 'nist-csf-2.0'] as const;
export type BuiltInCatalogId = (typeof BUILT_IN_CATALOGS)[number];

const builtInText: Record<BuiltInCatalogId, string> = {
  'tsc-2017': builtInTsc2017,
  'iso27001-2022': builtInIso27001,
  'nist-csf-2.0': builtInNistCsf2,
};
// Parsed on first use only: a project naming one framework never pays for the others.
const builtInLoaded = new Map<BuiltInCatalogId, Catalog>();

export function isBuiltInCatalog(id: string): id is BuiltInCatalogId {
  return (BUILT_IN_CATALOGS as readonly string[]).includes(id);
}

/** A bundled catalog by id (embedded in the bundles at build time), or undefined for any other id. */
export function builtInCatalogById(id: string): Catalog | undefined {
  if (!isBuiltInCatalog(id)) return undefined;
  let catalog = builtInLoaded.get(id);
  if (!catalog) {
    const text = builtInText[id];
    // The build embeds the catalogs as JSON (scripts/build.mjs); unbundled, they are the YAML files.
    const load = text.startsWith('{') ? catalogFromJson(text, 'built-in') : parseCatalog(text, 'built-in');
    if (!load.catalog) throw new Error(`built-in catalog ${id} is invalid: ${load.findings.map((f) => f.message).join('; ')}`);
    if (load.catalog.id !== id) throw new Error(`built-in catalog ${id} declares the id ${load.catalog.id}`);
    builtInLoaded.set(id, (catalog = load.catalog));
  }
  return catalog;
}

/** The bundled TSC 2017 catalog: the framework of a project that names none. */
export function builtInCatalog(): Catalog {
  return builtInCatalogById('tsc-2017')!;
}
