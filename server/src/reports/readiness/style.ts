/**
 * The readiness report's stylesheet, inlined in the page (nothing is loaded from elsewhere). On
 * screen: a readable column with a light or dark palette. On paper (A4 or Letter: the page size is
 * left to the printer): each section starts a page, table headers repeat, rows never split, ids
 * never break across lines, status colours print.
 */
export const READINESS_CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--head:#f6f8fa;--accent:#14304d;--bg:#fff;
--covered:#dafbe1;--planned:#fff8c5;--policy-only:#ffe7d1;--uncovered:#ffebe9;--excluded:#eaeef2;--bad:#a40e26}
@media screen and (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--head:#151b23;--accent:#9ecbff;--bg:#0d1117;
--covered:#1f4d2b;--planned:#4d3f0f;--policy-only:#5a3213;--uncovered:#5d1f23;--excluded:#2f353d;--bad:#ff8182}}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg)}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:0 auto;max-width:1180px;padding:2rem 1.5rem}
h1{font-size:1.6rem;color:var(--accent);margin:0 0 .25rem}
h2{font-size:1.25rem;color:var(--accent);border-bottom:2px solid var(--line);padding-bottom:.2rem;margin:2.2rem 0 .8rem}
h3{font-size:1.05rem;margin:1.4rem 0 .5rem}h3 small{color:var(--muted);font-weight:normal;margin-left:.5rem}
p.subtitle{color:var(--muted);margin:0 0 1rem}
nav.toc{font-size:.9rem;margin:0 0 1rem}nav.toc a{color:var(--accent);margin-right:1rem;text-decoration:none;white-space:nowrap}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1.25rem;margin:0}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
table{border-collapse:collapse;width:100%;margin:0 0 1.2rem;font-size:.92em}
th,td{border:1px solid var(--line);padding:4px 7px;text-align:left;vertical-align:top}
th{background:var(--head);white-space:nowrap}
td{overflow-wrap:break-word}
.date{white-space:nowrap}
.id,code{white-space:nowrap;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
code{overflow-wrap:anywhere;white-space:normal}
.st{display:inline-block;border-radius:8px;padding:0 7px;white-space:nowrap;background:var(--excluded)}
.st-covered,.st-current,.st-implemented,.st-approved{background:var(--covered)}
.st-planned,.st-stale,.st-draft{background:var(--planned)}
.st-policy-only{background:var(--policy-only)}
.st-uncovered,.st-missing{background:var(--uncovered)}
tr.retired td{color:var(--muted)}em.retired{font-size:.85em}
strong.flag{color:var(--bad)}tr.overdue td:first-child{border-left:3px solid var(--bad)}
section.project+section.project{border-top:3px double var(--line);margin-top:3rem}
@page{margin:14mm 12mm}
@media print{
html,body{background:#fff;color:#000}
body{max-width:none;padding:0;font-size:9pt}
nav.toc{display:none}
h2{break-before:page;break-after:avoid}
h2.first{break-before:auto}
h3{break-after:avoid}
section.project+section.project{break-before:page;border:0;margin:0}
table{font-size:8pt}table.wide{font-size:7.5pt}
th,td{padding:2px 4px}th{white-space:normal}
.st{padding:0 3px}
thead{display:table-header-group}
tr,dl.facts>*{break-inside:avoid}
.st,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;
