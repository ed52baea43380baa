// Screenshots of the ZAB page (zab.html) at projector and phone sizes, for
// looking at what we built: ?protocol=zab during its first election and after,
// and ?compare=1 after the ZAB leader crashed (the same server in both).
// Usage: node tools/zab-shots.mjs http://127.0.0.1:8090/ outdir
import { launch } from './browser.mjs';
import fs from 'node:fs';

const base = process.argv[2] || 'http://127.0.0.1:8090/';
const out = process.argv[3] || 'zab-shots';
fs.mkdirSync(out, { recursive: true });
const browser = await launch();
const sizes = [[1920, 1080], [1280, 720], [390, 844]];

// Steps until the ZAB servers are mid-election (some LOOKING with votes for others).
async function midElection(page) {
  for (let i = 0; i < 60; i++) {
    const n = await page.locator('[data-protocol=zab] [data-testid=node][data-role=looking]').count();
    const switched = await page.locator('[data-protocol=zab] [data-testid=node][data-role=looking][data-vote="5"]').count();
    if (n >= 3 && switched >= 2 && (await page.getByTestId('message').count()) > 4) return;
    await page.getByTestId('step').click();
  }
}

async function zabLeader(page) {
  for (let i = 0; i < 100; i++) {
    const l = page.locator('[data-protocol=zab] [data-testid=node][data-role=leading][data-phase=broadcast]');
    if (await l.count()) return Number(await l.first().getAttribute('data-id'));
    await page.waitForTimeout(100);
  }
  return null;
}

for (const [w, h] of sizes) {
  const tag = `${w}x${h}`;
  const full = w < 500;
  const shoot = async (page, name) => {
    await page.screenshot({ path: `${out}/${name}-${tag}.png`, fullPage: full });
    // A phone's page is long: its first screens too, at full size.
    if (full) {
      for (const [i, y] of [0, 900].entries()) {
        await page.screenshot({ path: `${out}/${name}-${tag}-part${i + 1}.png`, fullPage: true, clip: { x: 0, y, width: w, height: 900 } });
      }
    }
    console.log(name, tag);
  };
  let page = await browser.newPage({ viewport: { width: w, height: h } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base + 'zab.html?protocol=zab&seed=1&autoplay=0');
  await page.waitForSelector('[data-testid=node]');
  await midElection(page);
  await shoot(page, 'zab-election');
  await page.getByTestId('play-pause').click();
  await page.getByTestId('speed').fill('1');
  await page.getByTestId('speed').press('Enter');
  const l = await zabLeader(page);
  await page.getByTestId('write-value').fill('x=1');
  await page.getByTestId('write-submit').click();
  await page.waitForTimeout(800);
  await page.locator(`[data-protocol=zab] [data-testid=node][data-id="${l}"]`).click();
  await page.getByTestId('play-pause').click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, 'zab-after');
  await page.close();

  page = await browser.newPage({ viewport: { width: w, height: h } });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base + 'zab.html?compare=1&seed=4&speed=1');
  const cl = await zabLeader(page);
  await page.getByTestId('write-value').fill('a=1');
  await page.getByTestId('write-submit').click();
  await page.waitForTimeout(600);
  await page.locator(`[data-protocol=zab] [data-testid=node][data-id="${cl}"]`).click();
  await page.getByTestId('crash-node').click();
  await zabLeader(page);
  await page.waitForTimeout(500);
  await page.getByTestId('play-pause').click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, 'compare-after-crash');
  await page.close();
  if (errors.length) console.log('page errors', errors);
}
await browser.close();
