// node drive-ui.js <workbench url> <screenshot dir>
// Drives a code-server workbench (with the Attest extension installed and examples/acme-saas open)
// like a user, through headless Debian chromium, and checks what is on screen:
//   1. the status bar shows "Attest 30/37";
//   2. the Coverage view lists the categories with counts, and a gap (CC2.3, uncovered);
//   3. attest.yaml shows a squiggle, and the Problems panel lists its uncovered-criterion row;
//   4. the completion widget in a control's criteria list offers criterion ids.
//   5. the Systems view marks the in-scope system that no implemented control protects.
// Saves coverage-view.png, problems.png, completion.png and systems-view.png (the README's screenshots) in the
// screenshot dir; on failure also failure.png and the browser console (failure.console.txt).
const { chromium } = require('playwright-core');
const fs = require('fs'), os = require('os'), path = require('path');
const url = process.argv[2], shots = process.argv[3] || '.';
const t0 = Date.now();
const log = (...a) => console.log(`[ui ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
    viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1,
    env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: path.join(profile, 'config'), XDG_CACHE_HOME: path.join(profile, 'cache') },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  const rows = (scope, text) => page.locator(`${scope} .monaco-list-row`, { hasText: text });
  const shot = async (name) => { await page.screenshot({ path: path.join(shots, name) }); log('screenshot', name); };
  const runCommand = async (title) => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15000 });
    await input.fill(`>${title}`);
    await rows('.quick-input-widget', title).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
  };
  const openFile = async (name, expectText) => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15000 });
    await input.fill(name);
    await rows('.quick-input-widget', path.basename(name)).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    await page.waitForFunction((t) => [...document.querySelectorAll('.monaco-editor .view-lines')].some((e) => e.textContent.replace(/\u00a0/g, ' ').includes(t)), expectText, { timeout: 30000 });
  };

  let ok = true;
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
    log('workbench loaded');

    // 1. status bar
    const status = page.locator('.statusbar-item', { hasText: /Attest \d+\/\d+/ });
    await status.first().waitFor({ timeout: 90000 });
    const statusText = (await status.first().innerText()).trim();
    log('status bar:', JSON.stringify(statusText));
    if (!statusText.includes('Attest 30/37')) throw new Error(`status bar says ${statusText}, expected Attest 30/37`);

    // 2. the coverage view: categories and a gap
    await runCommand('Attest: Show Coverage');
    const view = '.pane-body';
    await rows(view, 'Security').first().waitFor({ timeout: 30000 });
    // room for the tree: close the secondary side bar, collapse the Systems pane, widen the side bar
    await runCommand('View: Close Secondary Side Bar').catch(() => page.keyboard.press('Escape'));
    const systems = page.locator('.pane-header', { hasText: /^Systems/ });
    if (await systems.count() && (await systems.first().getAttribute('aria-expanded')) === 'true') await systems.first().click();
    const sash = page.locator('.part.sidebar + .monaco-sash, .monaco-sash.vertical').first();
    const box = await page.locator('.part.sidebar').boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width + 1, box.y + 200);
      await page.mouse.down();
      await page.mouse.move(box.x + 520, box.y + 200, { steps: 8 });
      await page.mouse.up();
    }
    void sash;
    for (const label of ['Security', 'Availability', 'Confidentiality', 'Privacy']) await rows(view, label).first().waitFor({ timeout: 15000 });
    const sec = (await rows(view, 'Security').first().innerText()).replace(/\s+/g, ' ');
    log('coverage view row:', JSON.stringify(sec));
    if (!/26\/32 covered/.test(sec)) throw new Error(`Security row: ${sec}`);
    const cc2 = rows(view, 'CC2 Communication and information').first();
    await cc2.waitFor({ timeout: 15000 });
    await cc2.click();
    const gap = rows(view, 'CC2.3').first();
    await gap.waitFor({ timeout: 15000 });
    const gapText = (await gap.innerText()).replace(/\s+/g, ' ');
    log('gap row:', JSON.stringify(gapText));
    if (!/uncovered/.test(gapText)) throw new Error(`CC2.3 row: ${gapText}`);
    await gap.hover();
    await page.locator('.monaco-hover, .workbench-hover', { hasText: 'No control or policy maps this criterion' }).first().waitFor({ timeout: 15000 }).catch(() => log('(no tooltip shown)'));
    await shot('coverage-view.png');
    await page.mouse.move(900, 700);

    // 3. a squiggle in attest.yaml and its row in the Problems panel
    await openFile('attest.yaml', 'frameworks: [tsc-2017');
    await page.waitForSelector('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error', { timeout: 30000 });
    log('squiggle shown in attest.yaml');
    await runCommand('View: Focus Problems');
    const problem = rows('.markers-panel', 'CC2.3').first();
    await problem.waitFor({ timeout: 30000 });
    log('Problems row:', JSON.stringify((await problem.innerText()).replace(/\s+/g, ' ').slice(0, 160)));
    await problem.click();
    await shot('problems.png');

    // 4. completion in a control's criteria list
    await runCommand('View: Hide Panel').catch(() => page.keyboard.press('Escape'));
    await openFile('AC-03-access-review.yaml', 'criteria: [CC6.1, CC6.2, CC6.3]');
    await runCommand('Go to Line/Column');
    await page.keyboard.type('11:31');
    await page.keyboard.press('Enter');
    await page.keyboard.type(', CC');
    const suggest = '.editor-widget.suggest-widget';
    await page.locator(suggest).waitFor({ state: 'visible', timeout: 10000 }).catch(async () => {
      await page.keyboard.press('Control+Space');
      await page.locator(suggest).waitFor({ state: 'visible', timeout: 15000 });
    });
    await rows(suggest, /CC\d\.\d/).first().waitFor({ timeout: 15000 });
    const items = (await page.locator(`${suggest} .monaco-list-row`).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    log('completion items:', JSON.stringify(items.slice(0, 6)));
    if (!items.some((t) => /^CC\d\.\d/.test(t))) throw new Error('no criterion ids in the completion widget');
    await shot('completion.png');
    await page.keyboard.press('Escape');

    // 5. the Systems view: the inventory, the unprotected system marked
    await runCommand('View: Hide Panel').catch(() => page.keyboard.press('Escape'));
    const coverageHeader = page.locator('.pane-header', { hasText: /^Coverage/ });
    if ((await coverageHeader.first().getAttribute('aria-expanded')) === 'true') await coverageHeader.first().click();
    const systemsHeader = page.locator('.pane-header', { hasText: /^Systems/ });
    if ((await systemsHeader.first().getAttribute('aria-expanded')) !== 'true') await systemsHeader.first().click();
    const desk = rows(view, 'support-desk').first();
    await desk.waitFor({ timeout: 15000 });
    const deskText = (await desk.innerText()).replace(/\s+/g, ' ');
    log('systems row:', JSON.stringify(deskText));
    if (!/unprotected/.test(deskText)) throw new Error(`support-desk row: ${deskText}`);
    await rows(view, 'aws-prod').first().click();
    await rows(view, 'AC-01').first().waitFor({ timeout: 15000 });
    await desk.hover();
    await page.locator('.monaco-hover, .workbench-hover', { hasText: 'no implemented control' }).first().waitFor({ timeout: 10000 }).catch(() => log('(no tooltip shown)'));
    await shot('systems-view.png');
  } catch (e) {
    ok = false;
    log('FAILED:', e.message.split('\n')[0]);
    await page.screenshot({ path: path.join(shots, 'failure.png') }).catch(() => {});
    fs.writeFileSync(path.join(shots, 'failure.console.txt'), consoleLines.join('\n'));
  }
  await ctx.close();
  fs.rmSync(profile, { recursive: true, force: true });
  process.exit(ok ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(3); });
