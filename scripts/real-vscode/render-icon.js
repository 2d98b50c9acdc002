// Renders resources/icon.svg to resources/icon.png (128x128; the Marketplace wants a PNG icon)
// with Debian's chromium through playwright-core. Run after editing the SVG:
//   NODE_PATH=~/.cache/real-vscode/pw/node_modules node scripts/real-vscode/render-icon.js
const { chromium } = require('playwright-core');
const fs = require('fs'), path = require('path');
const root = path.join(__dirname, '..', '..');
(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  const svg = fs.readFileSync(path.join(root, 'resources/icon.svg'), 'utf8');
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('width="256" height="256"', 'width="128" height="128"')}</body></html>`);
  await page.screenshot({ path: path.join(root, 'resources/icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
