// Measures the release page served from 127.0.0.1 in headless Chromium and
// prints the figures (not a test: numbers for the notes).
//
//   node tools/measure.mjs [--minutes 10] [--skip-long]
//
// Needs the page built into target/test-dist (`PAGE_DIST=target/test-dist
// .ci/build`; serve.mjs reads $PAGE_DIST if set). Starts its own static server
// (gzip, like a real host) on a free port.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const minutes = Number(args[args.indexOf('--minutes') + 1] || 10) || 10;
const skipLong = args.includes('--skip-long');
// A free port: another checkout's tests may hold a fixed one.
const PORT = await new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => r(port)); }); });
const BASE = `http://127.0.0.1:${PORT}/`;

const server = spawn('node', [path.join(here, '..', 'serve.mjs'), '--port', String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await launch();
const out = {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Capture the wasm instance's memory when Trunk starts the app.
const initScript = () => {
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail && e.detail.wasm; });
  window.__firstNode = null;
  new MutationObserver((_, obs) => {
    if (document.querySelector('[data-testid=node]')) { window.__firstNode = performance.now(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
};
const wasmBytes = (page) => page.evaluate(() => (window.__wasm && window.__wasm.memory ? window.__wasm.memory.buffer.byteLength : null));

async function fresh(url, viewport = { width: 1280, height: 720 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.addInitScript(initScript);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  const transfers = new Map();
  cdp.on('Network.responseReceived', (e) => transfers.set(e.requestId, { url: e.response.url, bytes: 0 }));
  cdp.on('Network.loadingFinished', (e) => { const t = transfers.get(e.requestId); if (t) t.bytes = e.encodedDataLength; });
  await page.goto(BASE + url);
  await page.waitForSelector('[data-testid=node]');
  await page.waitForFunction(() => window.__wasm);
  return { context, page, cdp, transfers };
}

async function busy(cdp, page, seconds) {
  const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const a = await metric();
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const b = await metric();
  const wall = (Date.now() - t0) / 1000;
  return { percent: +(100 * (b.TaskDuration - a.TaskDuration) / wall).toFixed(2), wall_s: +wall.toFixed(1) };
}

// 1. Weight and first draw, median of 5 cold loads.
{
  const draws = [];
  let weight;
  for (let i = 0; i < 5; i++) {
    const { context, page, transfers } = await fresh('');
    await sleep(300); // let the scenario menu arrive: it is part of first interaction
    draws.push(await page.evaluate(() => window.__firstNode));
    const files = [...transfers.values()].map((t) => ({ file: t.url.replace(BASE, '') || 'index.html', bytes: t.bytes }));
    weight = { total_kb: +(files.reduce((s, f) => s + f.bytes, 0) / 1024).toFixed(1), files };
    await context.close();
  }
  draws.sort((a, b) => a - b);
  out.transfer_to_first_interaction = weight;
  out.cluster_drawn_ms = { median: +draws[2].toFixed(0), all: draws.map((d) => +d.toFixed(0)) };
}

// 2. Main-thread busy time while running at the default speed, and paused.
{
  const { context, page, cdp } = await fresh('');
  await sleep(1000);
  out.main_thread_busy_running = await busy(cdp, page, 10);
  await page.getByTestId('play-pause').click();
  await sleep(500);
  out.main_thread_busy_paused = await busy(cdp, page, 10);
  await context.close();
}

// 3. A 60-minute session at high speed: wasm memory, and seek time at 30 minutes.
{
  const { context, page } = await fresh('?speed=100&seed=7');
  const start = await wasmBytes(page);
  // Some client writes along the way, as a lecture would have.
  const samples = [];
  for (let i = 0; i < 36; i++) {
    await page.getByTestId('write-value').fill(`k${i % 5}=${i}`);
    await page.getByTestId('write-submit').click();
    await sleep(1000);
    samples.push(await wasmBytes(page));
  }
  const simMs = Number(await page.getByTestId('sim-time').getAttribute('data-ms'));
  await page.getByTestId('play-pause').click();
  // Seek times: drag to 20 spots across the first half (the first 30 minutes).
  const tl = page.getByTestId('timeline');
  const box = await tl.boundingBox();
  const seeks = [];
  for (let i = 0; i < 20; i++) {
    const x = box.x + box.width * (0.02 + 0.48 * ((i * 7) % 20) / 20);
    const ms = await page.evaluate(async ([x, y]) => {
      const el = document.querySelector('[data-testid=timeline]');
      const before = document.querySelector('[data-testid=sim-time]').dataset.ms;
      const t0 = performance.now();
      el.dispatchEvent(new PointerEvent('pointerdown', { clientX: x, clientY: y, bubbles: true, pointerId: 1 }));
      el.dispatchEvent(new PointerEvent('pointerup', { clientX: x, clientY: y, bubbles: true, pointerId: 1 }));
      while (document.querySelector('[data-testid=sim-time]').dataset.ms === before) {
        await new Promise((r) => setTimeout(r, 0));
        if (performance.now() - t0 > 5000) break;
      }
      return performance.now() - t0;
    }, [x, box.y + box.height / 2]);
    seeks.push(ms);
  }
  seeks.sort((a, b) => a - b);
  out.long_session = {
    simulated_minutes: +(simMs / 60000).toFixed(1),
    wasm_memory_mb_start: +(start / 2 ** 20).toFixed(1),
    wasm_memory_mb_end: +(samples.at(-1) / 2 ** 20).toFixed(1),
    wasm_memory_mb_max: +(Math.max(...samples) / 2 ** 20).toFixed(1),
    seek_ms_median: +seeks[10].toFixed(1),
    seek_ms_max: +seeks[19].toFixed(1),
  };
  await context.close();
}

// 4. Wasm memory over a real-time run at the default speed.
if (!skipLong) {
  const { context, page } = await fresh('?seed=3');
  const readings = [];
  for (let m = 0; m <= minutes; m++) {
    readings.push(+((await wasmBytes(page)) / 2 ** 20).toFixed(2));
    if (m < minutes) await sleep(60_000);
  }
  out.wasm_memory_mb_per_minute_default_speed = readings;
  await context.close();
}

console.log(JSON.stringify(out, null, 2));
await browser.close();
server.kill();
