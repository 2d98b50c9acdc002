// A monorepo with Attest projects below its root, written to a temp folder for the CLI tests:
//   compliance/acme            AC-01 (controls/access.YML), POL-ACCESS (policies/access.markdown),
//                              AC-02 in controls/broken.yaml maps an unknown criterion (an error)
//   compliance/acme/controls/vendors   a nested project inside acme's controls/ folder, with its
//                              own AC-01 (not acme's: no duplicate-id) and a planned control
//   compliance/beta            another AC-01; M1.2 uncovered
// plus files no project owns: an attest.yaml under node_modules/ and under a dot folder, a README.
import { tempWorkspace } from '../helpers/attest.mjs';

const CATALOG = `id: mini
title: A two-criterion framework
categories:
  - id: core
    title: Core
    series:
      - id: M1
        title: Mini
        criteria:
          - id: M1.1
            title: Access is controlled
            description: Do it.
          - id: M1.2
            title: Access is reviewed
            description: Do it too.
`;

const CONFIG = 'framework: catalog/mini.yaml\n';

export const MONOREPO_FILES = {
  'README.md': '# A product\n',
  'src/index.js': 'console.log(1);\n',
  'node_modules/some-package/attest.yaml': CONFIG,
  'node_modules/some-package/controls/x.yaml': 'id: NM-1\ntitle: Not ours\nowner: o\ncriteria: [CC6.1]\n',
  '.cache/attest.yaml': CONFIG,
  'compliance/acme/attest.yaml': CONFIG,
  'compliance/acme/catalog/mini.yaml': CATALOG,
  'compliance/acme/controls/access.YML': 'id: AC-01\ntitle: Access for Acme\nowner: security\ncriteria: [M1.1]\n',
  'compliance/acme/controls/broken.yaml': 'id: AC-02\ntitle: Broken\nowner: security\ncriteria: [M1.1, M9.9]\n',
  'compliance/acme/policies/access.markdown': '---\nid: POL-ACCESS\ntitle: Access policy\nowner: ciso\ncriteria: [M1.2]\n---\n# Access\n',
  'compliance/acme/controls/vendors/attest.yaml': CONFIG,
  'compliance/acme/controls/vendors/catalog/mini.yaml': CATALOG,
  'compliance/acme/controls/vendors/controls/access.yaml': 'id: AC-01\ntitle: Access for vendors\nowner: vendor-team\ncriteria: [M1.1, M1.2]\n',
  'compliance/acme/controls/vendors/controls/later.yaml': 'id: VEN-9\ntitle: Vendor review\nowner: vendor-team\nstatus: planned\ndue: 2026-03-01\ncriteria: [M1.2]\n',
  'compliance/beta/attest.yaml': CONFIG,
  'compliance/beta/catalog/mini.yaml': CATALOG,
  'compliance/beta/controls/access.yaml': 'id: AC-01\ntitle: Access for Beta\nowner: it\ncriteria: [M1.1]\n',
};

/** Project roots relative to `compliance/`, sorted. */
export const ROOTS = ['acme', 'acme/controls/vendors', 'beta'];

/** Writes the monorepo into a fresh temp folder and returns its path. */
export function writeMonorepo() {
  return tempWorkspace(MONOREPO_FILES, { prefix: 'attest-monorepo-' });
}
