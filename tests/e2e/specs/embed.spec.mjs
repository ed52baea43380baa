// Files and embeds (DESIGN.md, "Files and embeds"): the page in one file
// (raftlab.html) from file:// and in a sandboxed frame on another origin, the
// poster that fetches nothing before its click, and embeds that tell their
// host their height, leave the host's keys alone and rest out of view.
// Host pages come from serve.mjs's /__host, on another origin (port 8092) or
// on the page's own.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test, expect, waitForLeader } from './fixtures.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../..', process.env.PAGE_DIST || 'target/test-dist');
const PAGE = 'http://127.0.0.1:8091/';
const HOST = 'http://127.0.0.1:8092/__host';

/** Opens a host page made of `body` at `url` (serve.mjs's /__host). */
async function host(page, url, body) {
  await page.goto(`${url}?html=${encodeURIComponent(`<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">${body}`)}`);
}

/** A leader, then a write it acknowledges, in `p` (a page or a frame). */
async function electAndWrite(p) {
  await waitForLeader(p);
  await p.getByTestId('write-value').fill('x=1');
  await p.getByTestId('write-submit').click();
  await expect(p.getByTestId('write').first()).toHaveAttribute('data-status', 'acked');
}

test('the page in one file runs from file://, fetching nothing', async ({ page }) => {
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${pathToFileURL(path.join(dist, 'raftlab.html')).href}?seed=3&speed=1`);
  await electAndWrite(page);
  // Shipped scenarios and the shown sources are inside too.
  await page.getByTestId('scenario-menu').selectOption('figure-8');
  await expect(page.getByTestId('caption')).toBeVisible();
  expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
  expect(requests.filter((u) => u.startsWith('file:')).length).toBe(1);
});

test('the one file shows the Raft core from file://', async ({ page }) => {
  await page.goto(`${pathToFileURL(path.join(dist, 'raftlab.html')).href}?source=log`);
  await expect(page.locator('pre.source')).toContainText('pub struct');
  await page.locator('nav.files a').first().click();
  await expect(page.getByTestId('node')).toHaveCount(5);
  expect(page.url()).toMatch(/raftlab\.html\?$/);
});

test('the one file runs in a sandboxed iframe on another origin', async ({ page }) => {
  await host(page, HOST, `<iframe sandbox="allow-scripts" src="${PAGE}raftlab.html?seed=5&speed=1&embed=1&panels=controls,writes"
    style="width:900px;height:700px"></iframe>`);
  const f = page.frameLocator('iframe');
  await expect(f.getByTestId('node')).toHaveCount(5);
  await electAndWrite(f);
});

test('the split build runs in a sandboxed frame when its host allows any origin (CORS)', async ({ page }) => {
  const split = 'http://127.0.0.1:8097/?embed=1';
  await host(page, HOST, `<iframe sandbox="allow-scripts" src="${split}&seed=5&speed=1&panels=controls,writes" style="width:900px;height:700px"></iframe>
    <iframe sandbox="allow-scripts" src="${split}&scenario=first-election" style="width:900px;height:700px"></iframe>`);
  await electAndWrite(page.frameLocator('iframe >> nth=0'));
  await expect(page.frameLocator('iframe >> nth=1').getByTestId('caption')).toBeVisible(); // a fetched scenario
});

test('without that header the frame says it could not start, not a blank page', async ({ page }) => {
  await host(page, HOST, `<iframe sandbox="allow-scripts" src="${PAGE}?embed=1" style="width:900px;height:300px"></iframe>`);
  await expect(page.frameLocator('iframe').getByRole('alert')).toContainText('Raft Lab could not start');
  page.expectedErrors = /CORS|Failed to load resource/; // the browser's own report of the blocked files
});

test('the page offers the one file', async ({ page }) => {
  await page.goto('?lang=zh');
  const a = page.getByTestId('download-offline');
  await expect(a).toHaveText('下载离线版');
  await expect(a).toHaveAttribute('href', 'raftlab.html');
  const res = await page.request.get(new URL('raftlab.html', page.url()).href);
  expect(res.ok()).toBe(true);
  await page.getByTestId('lang').click();
  await expect(a).toHaveText('Download for offline use');
});

test('the poster fetches no wasm before its click', async ({ page }) => {
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));
  await page.goto('?poster=1&seed=2&speed=1');
  await expect(page.getByTestId('poster')).toBeVisible();
  await expect(page.locator('[data-testid=poster] .server')).toHaveCount(5);
  await page.waitForTimeout(1000);
  expect(fetched.filter((u) => /\.(wasm|js)(\?|$)/.test(u))).toEqual([]);
  await expect(page.getByTestId('node')).toHaveCount(0);
  await page.getByTestId('poster-start').click();
  await expect(page.getByTestId('poster')).toHaveCount(0);
  await electAndWrite(page);
  expect(fetched.some((u) => u.endsWith('.wasm'))).toBe(true);
});

test('the poster speaks Chinese with lang=zh', async ({ page }) => {
  await page.goto('?poster=1&lang=zh');
  await expect(page.getByTestId('poster-start')).toContainText('开始');
});

test('an embed posts its height to its host, and the dialog\'s host script sizes it', async ({ page }) => {
  await page.goto('?scenario=split-vote');
  await expect(page.getByTestId('caption')).toBeVisible();
  await page.getByTestId('embed').click();
  const code = (await page.getByTestId('embed-code').inputValue()).replace('http://127.0.0.1:8091/', PAGE);
  expect(code.split('\n').length).toBe(4); // the iframe and the three-line host script
  await host(page, HOST, `<script>window.heights = []; addEventListener('message', (e) => {
      if (e.data && e.data.type === 'raftlab:height') heights.push(e.data.height); });</script><p>Before</p>${code}<p>After</p>`);
  const f = page.frameLocator('iframe');
  await expect(f.getByTestId('node')).toHaveCount(5);
  await expect.poll(() => page.evaluate(() => window.heights.length)).toBeGreaterThan(0);
  const inner = await f.locator('body').evaluate((b) => Math.ceil(b.getBoundingClientRect().height));
  await expect.poll(() => page.evaluate(() => window.heights.at(-1))).toBe(inner);
  await expect.poll(() => page.locator('iframe').evaluate((el) => el.getBoundingClientRect().height)).toBe(inner);
  // No inner scroll bar.
  await expect.poll(() => f.locator('html').evaluate((h) => h.scrollHeight - h.clientHeight)).toBeLessThanOrEqual(1);
});

test('a key pressed in the host page does not reach an unfocused embed', async ({ page }) => {
  await host(page, HOST, `<script>window.keys = [];
    addEventListener('keydown', (e) => keys.push(e.key + (e.defaultPrevented ? ':prevented' : '')));</script>
    <p id="t">A post.</p><input id="q">
    <iframe src="${PAGE}?embed=1&seed=1&speed=1" style="width:800px;height:600px"></iframe>`);
  const f = page.frameLocator('iframe');
  const playing = () => f.getByTestId('play-pause').getAttribute('data-playing');
  await expect(f.getByTestId('node')).toHaveCount(5);
  expect(await playing()).toBe('true');
  await page.locator('#t').click();
  for (const k of ['Space', '.', 'p', 'n', 'ArrowRight', 'ArrowLeft', 'f', '?']) await page.keyboard.press(k);
  await page.locator('#q').focus();
  await page.keyboard.type('r t');
  expect(await playing()).toBe('true');
  await expect(f.locator('.overlay')).toHaveCount(0);
  expect(await page.locator('#q').inputValue()).toBe('r t');
  const keys = await page.evaluate(() => window.keys);
  expect(keys.filter((k) => k.endsWith(':prevented'))).toEqual([]);
  expect(keys.length).toBe(11);
  // Once the reader clicks into the embed, its shortcuts work.
  await f.getByTestId('sim-time').click();
  await page.keyboard.press('.');
  await expect(f.getByTestId('play-pause')).toHaveAttribute('data-playing', 'false');
  expect((await page.evaluate(() => window.keys)).length).toBe(11);
});

test('an embed scrolled out of view stops animating, and resumes in view', async ({ page }) => {
  // Same origin as the embed: the browser itself would throttle a cross-origin
  // frame out of view, hiding whether the page pauses on its own.
  await host(page, `${PAGE}__host`, `<iframe src="${PAGE}?embed=1&seed=1&speed=1" style="width:800px;height:500px"></iframe>
    <div style="height:3000px"></div>`);
  const f = page.frameLocator('iframe');
  const ms = async () => Number(await f.getByTestId('sim-time').getAttribute('data-ms'));
  await expect.poll(ms).toBeGreaterThan(0);
  await page.evaluate(() => window.scrollTo(0, 2000));
  await page.waitForTimeout(300);
  const a = await ms();
  await page.waitForTimeout(1000);
  expect(await ms()).toBe(a);
  await expect(f.getByTestId('play-pause')).toHaveAttribute('data-playing', 'true');
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect.poll(ms).toBeGreaterThan(a);
});
