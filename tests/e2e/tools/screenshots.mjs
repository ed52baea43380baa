// Screenshots of the page at several moments, for looking at what we built.
// Usage: node tools/screenshots.mjs http://127.0.0.1:8090/ outdir
import { launch } from './browser.mjs';
import fs from 'node:fs';

const base = process.argv[2] || 'http://127.0.0.1:8090/';
const out = process.argv[3] || 'screenshots';
fs.mkdirSync(out, { recursive: true });
const browser = await launch();
const shots = [
  { name: 'projector-election', w: 1280, h: 720, url: '?speed=0.1', wait: 2500 },
  { name: 'projector-partition', w: 1280, h: 720, url: '?scenario=minority-leader&speed=1', wait: 1300 },
  { name: 'projector-figure8-bug', w: 1280, h: 720, url: '?scenario=figure-8-bug&speed=2', wait: 1200, play: true },
  { name: 'projector-catchup', w: 1280, h: 720, url: '?scenario=figure-7&speed=0.2', wait: 2000, play: true },
  { name: 'phone', w: 390, h: 844, url: '?speed=0.1', wait: 2500, full: true },
  { name: 'phone-zh', w: 390, h: 844, url: '?lang=zh&scenario=split-vote&speed=0.5', wait: 1500, full: true, play: true },
  { name: 'embed-360', w: 360, h: 640, url: '?embed=1&scenario=leader-crash&speed=1', wait: 2000, full: true },
  { name: 'presenter', w: 1280, h: 720, url: '?presenter=1&speed=0.2', wait: 2500 },
];
for (const s of shots) {
  const page = await browser.newPage({ viewport: { width: s.w, height: s.h } });
  const errors = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(base + s.url);
  await page.waitForSelector('[data-testid=node]');
  await page.waitForTimeout(s.wait);
  if (s.play) {
    // Scenarios stop at their pause steps: keep going.
    for (let i = 0; i < 6; i++) {
      const c = page.locator('[data-testid=continue]');
      if (await c.count()) await c.click();
      await page.waitForTimeout(s.wait / 3);
    }
  }
  await page.screenshot({ path: `${out}/${s.name}.png`, fullPage: !!s.full });
  console.log(s.name, errors.length ? errors : 'no console errors');
  await page.close();
}
await browser.close();
