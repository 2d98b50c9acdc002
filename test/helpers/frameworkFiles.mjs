// A project on three frameworks (tsc-2017 first, ISO 27001 and NIST CSF), with an ISO exclusion,
// a control mapping all three and a planned control mapping ISO only: the CLI tests of several
// frameworks start from these files.
export const FRAMEWORKS_CONFIG = `organization: Acme
frameworks: [tsc-2017, iso27001-2022, nist-csf-2.0]
exclude:
  - criterion: A.7.4
    reason: No premises of our own.
`;

export const FRAMEWORK_FILES = {
  'attest.yaml': FRAMEWORKS_CONFIG,
  'controls/access.yaml': 'id: AC-04\ntitle: Quarterly access review\nowner: security\ncriteria:\n  tsc-2017: [CC6.2]\n  iso27001-2022: [A.5.18, A.8.5]\n  nist-csf-2.0: [PR.AA-05]\n',
  'controls/planned.yaml': 'id: AC-10\ntitle: Access reviews of vendors\nowner: it\nstatus: planned\ndue: 2026-12-01\ncriteria:\n  iso27001-2022: [A.5.19]\n',
};
