// The readiness report in a real browser: Debian's chromium driven by playwright-core, as the
// real-VS-Code suite does (scripts/real-vscode/setup.sh installs both). With scripts off, the page
// loads nothing but itself, prints to PDF on A4 and on Letter (a page per section, nothing wider
// than the paper, ids and dates on one line) and is saved as the README's screenshot
// (docs/images/readiness-report.png; ATTEST_SCREENSHOTS=dir to put it elsewhere).
// Without chromium, installing it takes apt: the test then skips, unless CI is set (.ci/run).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { EXAMPLE, ROOT, runCli } from '../helpers/attest.mjs';

const TOOLS = process.env.TOOLS || path.join(os.homedir(), '.cache', 'real-vscode');
const PW = path.join(TOOLS, 'pw', 'node_modules', 'playwright-core');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SETUP = path.join(ROOT, 'scripts', 'real-vscode', 'setup.sh');
const SHOTS = process.env.ATTEST_SCREENSHOTS || path.join(ROOT, 'docs', 'images');
const MM = 96 / 25.4; // CSS pixels per millimetre
/** Printable widths in CSS pixels: the paper less the report's 12 mm side margins (@page). */
const PAPER = { A4: (210 - 24) * MM, Letter: (215.9 - 24) * MM };
const SECTIONS = ['Scope', 'Coverage', 'Controls', 'Evidence', 'Policies', 'Systems', 'Exclusions', 'Remediation plan'];

/** Why the test cannot run here, or undefined once chromium and playwright-core are in place. */
function prepare() {
  const chromium = fs.existsSync(CHROMIUM);
  if (!chromium && !process.env.CI) return `chromium is not installed (${CHROMIUM}); run \`bash scripts/real-vscode/setup.sh apt pw\` (apt) or set CI=1 to let this test install it`;
  if (!chromium || !fs.existsSync(PW)) {
    // playwright-core alone comes from the npm registry: no apt needed.
    const parts = chromium ? ['pw'] : ['apt', 'pw'];
    const r = spawnSync('bash', [SETUP, ...parts], { stdio: 'inherit', env: { ...process.env, TOOLS } });
    const failed = `scripts/real-vscode/setup.sh ${parts.join(' ')} failed (exit ${r.status})`;
    if (r.status !== 0) {
      if (process.env.CI) throw new Error(failed); // CI must run this check, not skip it
      return failed;
    }
  }
  return undefined;
}

const skip = prepare();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-report-browser-'));
const page = path.join(work, 'report.html');
let browser;

before(async () => {
  if (skip) return;
  const r = runCli(['report', EXAMPLE, '--format', 'html', '--out', page]);
  assert.equal(r.status, 0, r.stderr);
  const { chromium } = createRequire(import.meta.url)(PW);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
});

after(async () => {
  await browser?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** A page with scripts off that records every request beyond the report file itself. */
async function open(options = {}) {
  const context = await browser.newContext({ javaScriptEnabled: false, ...options });
  const tab = await context.newPage();
  const elsewhere = [];
  const errors = [];
  await tab.route('**/*', (route) => {
    const url = route.request().url();
    if (url === pathToFileURL(page).href) return route.continue();
    elsewhere.push(url);
    return route.abort();
  });
  tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
  return { context, tab, elsewhere, errors };
}

test('renders with scripts off, loading nothing but itself, every section in order', { skip }, async () => {
  const { context, tab, elsewhere, errors } = await open();
  try {
    assert.deepEqual(elsewhere, []);
    assert.deepEqual(errors, []);
    assert.equal(await tab.locator('h1').innerText(), 'acme-saas: readiness report as of 2026-10-01');
    assert.deepEqual(await tab.locator('h2').allInnerTexts(), SECTIONS);
    assert.ok(await tab.locator('h2').first().isVisible());
  } finally {
    await context.close();
  }
});

for (const [paper, width] of Object.entries(PAPER)) {
  test(`prints on ${paper}: a page per section, nothing wider than the paper, ids and dates never broken`, { skip }, async () => {
    const { context, tab } = await open({ viewport: { width: Math.floor(width), height: 1000 } });
    try {
      await tab.emulateMedia({ media: 'print' });
      const layout = await tab.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        wide: [...document.querySelectorAll('table')].filter((t) => t.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).length,
        broken: [...document.querySelectorAll('.id, .date')].filter((e) => e.getClientRects().length > 1).map((e) => e.textContent),
        ids: document.querySelectorAll('.id').length,
      }));
      assert.ok(layout.ids > 200, `ids are marked (${layout.ids})`);
      assert.deepEqual(layout.broken, [], 'no id or date wraps');
      assert.equal(layout.wide, 0, 'no table wider than the paper');
      assert.ok(layout.scrollWidth <= layout.clientWidth, `${layout.scrollWidth} <= ${layout.clientWidth}`);
      const pdf = await tab.pdf({ format: paper, printBackground: true });
      const text = pdf.toString('latin1');
      assert.equal(text.slice(0, 5), '%PDF-');
      const pages = Math.max(...[...text.matchAll(/\/Count (\d+)/g)].map((m) => Number(m[1])));
      assert.ok(pages >= SECTIONS.length, `each section starts a page (${pages} pages)`);
      fs.writeFileSync(path.join(work, `report-${paper}.pdf`), pdf);
    } finally {
      await context.close();
    }
  });
}

test('on screen: the README screenshot', { skip }, async () => {
  const { context, tab } = await open({ viewport: { width: 1100, height: 820 }, colorScheme: 'light' });
  try {
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, 'readiness-report.png');
    await tab.screenshot({ path: file });
    const png = fs.readFileSync(file);
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(png.readUInt32BE(16), 1100);
  } finally {
    await context.close();
  }
});
