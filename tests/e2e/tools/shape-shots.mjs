// Screenshots of the cluster changing shape (issue 9): spares, a learner, a
// joint configuration, a snapshot block; on a projector and on a phone.
// Usage: node tools/shape-shots.mjs http://127.0.0.1:8090/ outdir
import { launch } from './browser.mjs';
import fs from 'node:fs';

const base = process.argv[2] || 'http://127.0.0.1:8090/';
const out = process.argv[3] || 'shots';
fs.mkdirSync(out, { recursive: true });
const browser = await launch();
const sizes = [['1920', 1920, 1080], ['phone', 390, 844]];
const leader = async (page) => {
  await page.waitForSelector('[data-testid=node][data-role=leader]', { timeout: 30_000 });
  return page.locator('[data-testid=node][data-role=leader]').first().getAttribute('data-node');
};
const click = (page, id, b) => page.locator(`[data-testid=node][data-node="${id}"]`).click().then(() => page.getByTestId(b).click());
const pause = async (page) => {
  const b = page.getByTestId('play-pause');
  if ((await b.getAttribute('data-playing')) === 'true') await b.click();
};
const stories = {
  // Nine servers: five voters, a learner, three spares, the leader's snapshot.
  async spares(page) {
    await page.goto(base + '?seed=31&speed=0.5&nodes=5&max_nodes=9');
    const l = await leader(page);
    for (const v of ['a=1', 'b=2', 'c=3']) {
      await page.getByTestId('write-value').fill(v);
      await page.getByTestId('write-submit').click();
    }
    await page.waitForTimeout(1500);
    await click(page, 6, 'add-learner');
    await page.waitForTimeout(1000);
    await click(page, l, 'snapshot-node');
    await page.getByTestId('write-value').fill('d=4');
    await page.getByTestId('write-submit').click();
    await page.waitForTimeout(600);
    await pause(page);
  },
  // A joint change {1,2,3} → {3,4,5}, caught while C_old,new is in effect.
  async joint(page) {
    await page.goto(base + '?seed=32&speed=0.05&nodes=3&max_nodes=6');
    await leader(page);
    await page.getByTestId('membership-mode').check();
    for (const id of [1, 2, 4, 5]) await page.locator(`[data-testid=pick-voter][data-node="${id}"]`).click();
    await page.getByTestId('change-voters').click();
    await page.waitForSelector('[data-testid=configs][data-joint=true]', { timeout: 60_000 });
    await pause(page);
  },
};
for (const [name, story] of Object.entries(stories)) {
  for (const [size, w, h] of sizes) {
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await story(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    if (size === 'phone') {
      // The phone: the first screen, then the logs.
      await page.screenshot({ path: `${out}/${name}-${size}-top.png` });
      await page.locator('.logs').scrollIntoViewIfNeeded();
    }
    await page.screenshot({ path: `${out}/${name}-${size}.png`, });
    console.log(name, size, errors.length ? errors : 'no console errors');
    await page.close();
  }
}
await browser.close();
