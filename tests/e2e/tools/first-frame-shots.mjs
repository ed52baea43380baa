// Screenshots of the first frame in the HTML (issue 12) with the wasm held
// back, and of the live app right after it took over, on a projector and a
// phone, in English and Chinese: the two of a pair should look alike. And
// the neutral frames (a scenario, another first state).
// Usage: node tools/first-frame-shots.mjs http://127.0.0.1:8090/ outdir
import { launch } from './browser.mjs';
import fs from 'node:fs';

const base = process.argv[2] || 'http://127.0.0.1:8090/';
const out = process.argv[3] || 'shots';
fs.mkdirSync(out, { recursive: true });
const browser = await launch();
for (const [size, width, height] of [['1280x720', 1280, 720], ['390x844', 390, 844]]) {
  for (const lang of ['en', 'zh']) {
    const page = await browser.newPage({ viewport: { width, height } });
    let release;
    const released = new Promise((r) => { release = r; });
    await page.route('**/*.wasm', async (route) => { await released; await route.continue().catch(() => {}); });
    await page.goto(`${base}?lang=${lang}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.first-frame.on');
    await page.screenshot({ path: `${out}/${size}-${lang}-1-first-frame.png` });
    release();
    await page.waitForSelector('[data-testid=node]');
    await page.screenshot({ path: `${out}/${size}-${lang}-2-live.png` });
    await page.close();
  }
}
// Neutral frames: a scenario (no servers), another first state (plain servers).
for (const [name, q] of [['scenario', '?scenario=figure-8'], ['prevote', '?prevote=1']]) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.route('**/*.wasm', () => {}); // never answered: the frame stays
  await page.goto(base + q, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.first-frame.on');
  await page.screenshot({ path: `${out}/1280x720-neutral-${name}.png` });
  await page.close();
}
await browser.close();
console.log(`screenshots in ${out}`);
