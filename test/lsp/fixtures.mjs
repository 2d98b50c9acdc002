// Small workspaces shared by the LSP tests. Each is a { 'rel/path': 'text' } map for tempWorkspace.

/** A Type II workspace where every diagnostic code of the contracts shows up in files on disk. */
export const EVERY_CODE = {
  'attest.yaml': `framework: tsc-2017
categories:
  - security
  - availability
report: type2
period:
  start: 2026-01-01
  end: 2026-12-31
exclude:
  - criterion: CC9.2
systems:
  - id: api
    name: Public API
    kind: software
  - id: vpn
    name: Corporate VPN
    kind: infrastructure
  - id: ftp
    name: Legacy FTP
    kind: infrastructure
    scope: out
    reason: Shut down before the period.
`,
  'controls/syntax.yaml': `id: SYN-01
title: [unclosed
owner: team
`,
  'controls/schema.yaml': `id: SCH-01
title: Bad status value
owner: team
status: finished
criteria: [CC1.1]
`,
  'controls/field.yaml': `id: FLD-01
title: A misspelt field
owner: team
criteria: [CC1.2]
frequncy: monthly
`,
  'controls/criteria.yaml': `id: CRT-01
title: Criteria problems
owner: team
criteria: [CC1.3, CC6.99, CC1.3, PI1.1]
`,
  'controls/dup-a.yaml': `id: DUP-01
title: First definition
owner: team
criteria: [CC1.4]
`,
  'controls/dup-b.yaml': `id: DUP-01
title: Second definition
owner: team
criteria: [CC1.5]
`,
  'controls/policy-ref.yaml': `id: PRF-01
title: Names a missing policy
owner: team
criteria: [CC2.2]
policies: [POL-NOPE, POL-REAL]
`,
  'controls/notitle.yaml': `id: NTL-01
owner: team
criteria: [CC1.1]
`,
  'controls/unmapped.yaml': `id: UNM-01
title: Maps nothing
owner: team
`,
  'controls/ownerless.yaml': `id: OWN-01
title: Nobody runs this
criteria: [CC2.3]
`,
  'controls/evidence.yaml': `controls:
  - id: EVM-01
    title: Monthly without evidence
    owner: team
    frequency: monthly
    criteria: [CC3.1]
  - id: EVS-01
    title: Monthly with old evidence
    owner: team
    frequency: monthly
    criteria: [CC3.2]
    evidence:
      - title: June sample
        collected: 2026-06-01
  - id: EVO-01
    title: Continuous with a sample outside the period
    owner: team
    frequency: continuous
    criteria: [CC3.3]
    evidence:
      - title: Last year
        collected: 2025-12-01
      - title: This year
        collected: 2026-09-20
`,
  'controls/systems.yaml': `id: SYS-01
title: Names systems
owner: team
criteria: [CC6.1]
systems: [api, nope, ftp]
`,
  'controls/planned.yaml': `controls:
  - id: PLN-01
    title: Late planned control
    owner: team
    status: planned
    due: 2026-05-01
    criteria: [CC6.2]
  - id: PLN-02
    title: Planned without a date
    owner: team
    status: planned
    criteria: [CC6.3]
  - id: EXC-01
    title: Has an open exception
    owner: team
    criteria: [CC6.6]
    exceptions:
      - raised: 2026-02-10
        summary: Two leavers kept access.
        due: 2026-03-15
`,
  'policies/real.md': `---
id: POL-REAL
title: Real Policy
owner: CISO
status: approved
approved: 2025-01-10
review: annually
criteria: [CC2.1]
---
# Real Policy

## Purpose
`,
};

/** A small Type I workspace for cross-file edits. */
export const SMALL = {
  'attest.yaml': `framework: tsc-2017
categories:
  - security
`,
  'controls/a.yaml': `id: CTL-A
title: Control A
owner: team
criteria: [CC6.1, CC6.2]
policies: [POL-ONE]
`,
  'controls/b.yaml': `id: CTL-B
title: Control B
owner: team
criteria: [CC6.1]
policies: [POL-ONE]
`,
  'controls/c.yaml': `id: CTL-C
title: Control C
owner: team
criteria: [CC7.1]
`,
  'policies/one.md': `---
id: POL-ONE
title: Policy One
owner: CISO
criteria: [CC6.1]
---
# Policy One
`,
};
