// node drive-tests.js <url> [timeoutSec]
// Opens the code-server workbench in headless Debian chromium and waits for the extension-host
// test run (extensionTestsPath) to finish; prints the mocha output; exits with its exit code.
const { chromium } = require('playwright-core');
const fs = require('fs'), os = require('os'), path = require('path');
const url = process.argv[2], limitMs = (+process.argv[3] || 600) * 1000;
const NOISE = /workbench\.js|User\/History|authentication provider|ENOTFOUND|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|marketplace|gallery|update\.code|vscode-cdn|telemetry/i;
(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
    viewport: { width: 1400, height: 900 },
    // keep chromium's crashpad/dconf files out of the real $HOME
    env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: path.join(profile, 'config'), XDG_CACHE_HOME: path.join(profile, 'cache') },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  let exitCode;
  const finished = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => { exitCode = code; resolve(); }));
  // VS Code forwards workbench + extension-host console output here (printf-style args)
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const a = [...(args || [])]; let s = typeof a[0] === 'string' ? a.shift() : '';
    s = s.replace(/%c/g, () => { a.shift(); return ''; }).replace(/%[sdoOif]/g, () => String(a.shift()));
    const line = [s, ...a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))].join(' ');
    if (process.env.VERBOSE) return console.log(`[${type}]`, line);
    if (NOISE.test(line)) return;
    // mocha's spec reporter: suite titles, ✔/✘ lines, the summary and failure details
    if (/^DEBUG|^\[e2e\]|passing|failing|pending|✔|✓|✘|^\s+\d+\) |^\s{2,}\S|AssertionError|Error: |^\s+at |^\s*[+-] /.test(line)) console.log(line);
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const timeout = new Promise((resolve) => setTimeout(resolve, limitMs));
  await Promise.race([finished, timeout]);
  if (exitCode === undefined) console.error(`extension tests did not finish within ${limitMs / 1000}s`);
  if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT });
  await ctx.close(); fs.rmSync(profile, { recursive: true, force: true });
  process.exit(exitCode === undefined ? 2 : exitCode);
})().catch((e) => { console.error(e); process.exit(3); });
