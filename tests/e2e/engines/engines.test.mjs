// The core of the browser tests in Firefox ESR (geckodriver) and in WebKitGTK,
// Safari's engine (WebKitWebDriver), through WebDriver with selenium-webdriver
// (issue 13: "nothing keeps it that way" otherwise). Playwright cannot drive
// these here: its own Firefox and WebKit are downloads (../shared/TOOLCHAIN.md).
//
// Run: `xvfb-run -a node --test tests/e2e/engines/` (WebKitGTK has no headless
// mode). ENGINES=firefox or ENGINES=webkit picks one. The page contract
// (DESIGN.md) is all these tests touch.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { Builder, By, Key } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const PORT = 8087;
const BASE = `http://127.0.0.1:${PORT}/`;
const SUB = `http://127.0.0.1:${PORT + 1}/blog/raft/`;
const GECKODRIVER = process.env.GECKODRIVER || `${process.env.HOME}/.cargo/bin/geckodriver`;
const WEBKITDRIVER = process.env.WEBKITDRIVER || '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const ENGINES = (process.env.ENGINES || 'firefox,webkit').split(',').filter(Boolean);

const children = [];
function start(cmd, args, opts = {}) {
  const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
  let err = '';
  p.stderr.on('data', (d) => { err = (err + d).slice(-2000); });
  p.lastErr = () => err;
  children.push(p);
  return p;
}

async function waitPort(port, ms = 20_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((res) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); res(true); });
      s.on('error', () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

before(async () => {
  const serve = path.join(here, '..', 'serve.mjs');
  start('node', [serve, '--port', String(PORT)]);
  start('node', [serve, '--port', String(PORT + 1), '--base', '/blog/raft/']);
  await waitPort(PORT);
  await waitPort(PORT + 1);
});

after(() => { for (const c of children) c.kill(); });

async function firefoxDriver() {
  assert.ok(fs.existsSync(GECKODRIVER), `geckodriver not found at ${GECKODRIVER} (.ci/setup-test.sh installs it)`);
  const opts = new firefox.Options().setBinary('/usr/bin/firefox-esr').addArguments('-headless');
  opts.windowSize({ width: 1280, height: 900 });
  return new Builder().forBrowser('firefox').setFirefoxOptions(opts)
    .setFirefoxService(new firefox.ServiceBuilder(GECKODRIVER)).build();
}

let webkitPort = 4470;
async function webkitDriver() {
  assert.ok(fs.existsSync(WEBKITDRIVER), `WebKitWebDriver not found at ${WEBKITDRIVER}`);
  const port = webkitPort++;
  start(WEBKITDRIVER, [`--port=${port}`]);
  await waitPort(port);
  const d = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
  }).build();
  await d.manage().window().setRect({ width: 1280, height: 900 }).catch(() => {});
  return d;
}

// ---- reading the page contract --------------------------------------------

async function poll(fn, what, ms = 25_000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e; // WebKit may throw "no such frame" while a page loads: retry
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

const nodes = (d) => d.executeScript(() => [...document.querySelectorAll('[data-testid=node]')].map((e) => ({
  id: Number(e.dataset.node), role: e.dataset.role, term: Number(e.dataset.term),
})));

async function leader(d, pred = () => true) {
  return poll(async () => {
    const ns = await nodes(d);
    const live = ns.filter((n) => n.role !== 'down');
    if (live.length === 0) return null;
    const top = Math.max(...live.map((n) => n.term));
    return ns.find((n) => n.role === 'leader' && n.term === top && pred(n)) || null;
  }, 'a leader');
}

const attr = (d, testid, name) => d.executeScript(
  (t, n) => document.querySelector(`[data-testid="${t}"]`)?.getAttribute(n) ?? null, testid, name);
const simMs = async (d) => Number(await attr(d, 'sim-time', 'data-ms'));
const byTestId = (d, t) => d.findElement(By.css(`[data-testid="${t}"]`));

async function clickNode(d, id) {
  // Drivers refuse clicks on an SVG <g>: click the server's circle.
  await d.findElement(By.css(`[data-testid=node][data-node="${id}"] circle.body`)).click();
}

async function open(d, query) {
  await d.get(BASE + query);
  await poll(async () => (await nodes(d)).length > 0, 'the cluster drawn by the wasm');
  // Errors after load are collected here (WebKit has no BiDi log).
  await d.executeScript(() => {
    window.__errors = [];
    addEventListener('error', (e) => window.__errors.push(String(e.message)));
    addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason)));
  });
}

async function noErrors(d) {
  const errs = await d.executeScript(() => window.__errors || []);
  assert.deepEqual(errs, [], 'page errors');
}

async function setPlaying(d, on) {
  if ((await attr(d, 'play-pause', 'data-playing')) !== String(on)) await byTestId(d, 'play-pause').click();
  await poll(async () => (await attr(d, 'play-pause', 'data-playing')) === String(on), `playing=${on}`);
}

async function write(d, value) {
  const input = await byTestId(d, 'write-value');
  await input.clear();
  await input.sendKeys(value);
  await byTestId(d, 'write-submit').click();
}

const acked = (d) => d.executeScript(() => document.querySelectorAll('[data-testid=write][data-status=acked]').length);

// ---- the core, in each engine ----------------------------------------------

for (const engine of ENGINES) {
  describe(engine, { concurrency: false }, () => {
    let d;
    before(async () => { d = engine === 'firefox' ? await firefoxDriver() : await webkitDriver(); });
    after(async () => { if (d) await d.quit().catch(() => {}); });

    test('a leader is elected (§5.2)', async () => {
      await open(d, '?seed=3&speed=1');
      assert.equal((await nodes(d)).length, 5);
      const l = await leader(d);
      assert.ok(l.term >= 1);
      assert.equal((await nodes(d)).filter((n) => n.role === 'leader').length, 1);
      await noErrors(d);
    });

    test('a write is acknowledged (§5.3)', async () => {
      await open(d, '?seed=4&speed=1');
      await leader(d);
      await write(d, 'x=42');
      await poll(async () => (await acked(d)) === 1, 'the write acknowledged');
      await noErrors(d);
    });

    test('crash the leader, a new one in a higher term; restart it (§5.2)', async () => {
      await open(d, '?seed=5&speed=1');
      const old = await leader(d);
      await clickNode(d, old.id);
      await byTestId(d, 'crash-node').click();
      await poll(async () => (await nodes(d)).find((n) => n.id === old.id).role === 'down', 'the crash');
      const fresh = await leader(d, (n) => n.id !== old.id);
      assert.ok(fresh.term > old.term);
      await byTestId(d, 'restart-node').click();
      await poll(async () => (await nodes(d)).find((n) => n.id === old.id).role === 'follower', 'the restart');
      await noErrors(d);
    });

    test('a link cut by keyboard, then healed', async () => {
      await open(d, '?seed=3&speed=0.5');
      await leader(d);
      const sel = '[data-testid=link][data-a="1"][data-b="2"]';
      await d.executeScript((s) => document.querySelector(s).focus(), sel);
      await d.actions().sendKeys(Key.ENTER).perform();
      await poll(async () => (await d.executeScript((s) => document.querySelector(s).dataset.state, sel)) === 'cut', 'the cut');
      await d.actions().sendKeys(Key.ENTER).perform();
      await poll(async () => (await d.executeScript((s) => document.querySelector(s).dataset.state, sel)) === 'up', 'the heal');
      await noErrors(d);
    });

    test('pause stops time, step advances it', async () => {
      await open(d, '?seed=8&speed=1');
      await leader(d);
      await setPlaying(d, false);
      const t0 = await simMs(d);
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(await simMs(d), t0);
      await byTestId(d, 'step').click();
      await poll(async () => (await simMs(d)) > t0, 'a step');
      await noErrors(d);
    });

    test('a shared URL reproduces the same moment', async () => {
      await open(d, '?seed=11&speed=1');
      await leader(d);
      await write(d, 'k=v');
      await poll(async () => (await acked(d)) === 1, 'the write');
      await setPlaying(d, false);
      const want = { t: await simMs(d), nodes: await nodes(d) };
      await byTestId(d, 'share').click();
      const url = await poll(async () => byTestId(d, 'share-url').getAttribute('value'), 'the share URL');
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\//);
      await d.get(url);
      await poll(async () => (await simMs(d)) === want.t, `the shared moment ${want.t} ms`);
      assert.deepEqual(await nodes(d), want.nodes);
    });

    test('an embed from a sub-path plays a scenario', async () => {
      await d.get(SUB + '?embed=1&scenario=leader-crash&speed=2');
      await poll(async () => (await nodes(d)).length === 5, 'the embed drawn');
      await leader(d);
      const header = await d.executeScript(() => document.querySelectorAll('[data-testid=scenario-menu]').length);
      assert.equal(header, 0, 'an embed shows no menu');
    });

    test('the Chinese page', async () => {
      await open(d, '?lang=zh&seed=3&speed=1');
      assert.equal(await d.executeScript(() => document.documentElement.lang), 'zh-Hans');
      const label = await byTestId(d, 'play-pause').getAttribute('aria-label');
      assert.match(label, /[\u4e00-\u9fff]/, `a Chinese label, got ${label}`);
      await leader(d);
      await noErrors(d);
    });
  });
}
