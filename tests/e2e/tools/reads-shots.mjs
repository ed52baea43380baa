// Screenshots of client reads (issue 11): two clients, a retried write, a
// drifting clock, then a stale local read at a deposed leader — the history
// panel showing the failed check; on a projector and on a phone.
// Usage: node tools/reads-shots.mjs http://127.0.0.1:8090/ outdir [lang]
import { launch } from './browser.mjs';
import fs from 'node:fs';

const base = process.argv[2] || 'http://127.0.0.1:8090/';
const out = process.argv[3] || 'shots';
const lang = process.argv[4] || 'en';
fs.mkdirSync(out, { recursive: true });
const browser = await launch();
const leader = async (page, not) => {
  const sel = '[data-testid=node][data-role=leader]';
  await page.waitForFunction(([s, n]) => [...document.querySelectorAll(s)].some((e) => e.dataset.node !== n), [sel, String(not)], { timeout: 30_000 });
  const ids = await page.locator(sel).evaluateAll((els) => els.map((e) => e.dataset.node));
  return ids.find((i) => i !== String(not));
};
const write = async (page, v) => {
  await page.getByTestId('write-value').fill(v);
  await page.getByTestId('write-submit').click();
};
for (const [name, w, h] of [['projector', 1280, 720], ['phone', 390, 844]]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base + `?seed=7&speed=1&lang=${lang}`);
  const old = await leader(page);
  await write(page, 'x=1');
  await page.getByTestId('client-select').selectOption('2');
  await write(page, 'x+=a');
  await page.waitForTimeout(400);
  await page.locator(`[data-testid=node][data-node="${old}"]`).click();
  await page.getByTestId('drift').selectOption('1250');
  await page.getByTestId('isolate-node').click();
  await leader(page, old);
  await page.getByTestId('client-select').selectOption('3');
  await write(page, 'x=2');
  await page.waitForTimeout(300);
  await page.getByTestId('client-target').selectOption(old);
  await page.getByTestId('read-key').fill('x');
  await page.getByTestId('read-mode').selectOption('local');
  await page.getByTestId('read-submit').click();
  await page.waitForTimeout(300);
  await page.getByTestId('play-pause').click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${out}/reads-${name}-${lang}.png` });
  await page.locator('[data-testid=op][data-unorderable=true]').first().hover();
  await page.getByTestId('history-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}/reads-${name}-${lang}-history.png` });
  await page.locator('.panel.clients').screenshot({ path: `${out}/reads-${name}-${lang}-clients.png` });
  if (name === 'phone') await page.screenshot({ path: `${out}/reads-${name}-${lang}-full.png`, fullPage: true });
  console.log(name, errors.length ? errors : 'no console errors');
  await page.close();
}
await browser.close();
