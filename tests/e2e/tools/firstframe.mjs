// How soon a reader sees the cluster and can use it: for Raft Lab and, when its
// folder is given, RaftScope, each served gzipped like a real host.
//
//   node tools/firstframe.mjs [--runs 5] [--url-query '?poster=1'] [RAFTSCOPE_DIR]
//
// Prints, per page and network profile (Lighthouse's mobile profile: 150 ms
// round trip, 1.6 Mbit/s down, 750 kbit/s up, via CDP
// Network.emulateNetworkConditions, cache off; and plain loopback), the median
// over fresh browsers of:
//   transfer_kb   bytes over the wire (gzipped) until interactive
//   drawn_ms      navigation → the first frame with the cluster's servers in it
//   interactive_ms navigation → the page answers input (Raft Lab: its wasm has
//                 started; RaftScope: its `load` event, when its scripts ran)
// Needs the page built into target/test-dist (or $PAGE_DIST); not a test.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args.splice(i, 2)[1] : dflt; };
const runs = Number(opt('runs', '5'));
const query = opt('url-query', '');
const scope = args[0] && path.resolve(args[0]);

const pages = [{
  name: 'Raft Lab', dir: null, url: query,
  // The app's servers, or a drawn first frame's (poster, pre-rendered HTML).
  drawn: 'svg.cluster .server, [data-testid=node]',
  // With ?poster=1 the page is ready for its click once parsed.
  ready: /poster=1/.test(query) ? 'DOMContentLoaded' : 'TrunkApplicationStarted',
}];
if (scope) pages.push({ name: 'RaftScope', dir: scope, url: '', drawn: '#servers > *', ready: 'load' });

const profiles = {
  mobile: { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 },
  loopback: null,
};

// In the page from its first byte: when the cluster is first in a frame, and
// when the page is ready.
const probe = ([drawn, ready]) => {
  window.__t = {};
  const seen = () => {
    if (window.__t.drawn || !document.querySelector(drawn)) return false;
    requestAnimationFrame(() => { window.__t.drawn ??= performance.now(); });
    return true;
  };
  new MutationObserver((_, obs) => { if (seen()) obs.disconnect(); }).observe(document, { childList: true, subtree: true });
  addEventListener(ready, () => { window.__t.ready = performance.now(); });
};

async function once(page0, profile) {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: false });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (profile) await cdp.send('Network.emulateNetworkConditions', profile);
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
    await page.addInitScript(probe, [page0.drawn, page0.ready]);
    await page.goto(`http://127.0.0.1:${page0.port}/${page0.url}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__t && window.__t.drawn && window.__t.ready, null, { timeout: 60_000, polling: 50 });
    const t = await page.evaluate(() => window.__t);
    return { transfer_kb: bytes / 1024, drawn_ms: t.drawn, interactive_ms: Math.max(t.drawn, t.ready) };
  } finally {
    await browser.close();
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
// Free ports (another checkout's server may hold a fixed one), each server
// checked to be ours and up.
const freePort = () => new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => r(port)); }); });
const servers = [];
for (const p of pages) {
  p.port = await freePort();
  const s = spawn('node', [path.join(here, '..', 'serve.mjs'), '--port', String(p.port), ...(p.dir ? ['--dir', p.dir] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  servers.push(s);
  const line = await new Promise((r, j) => { s.stdout.once('data', (d) => r(String(d).trim())); s.once('exit', () => j(new Error(`serve.mjs on ${p.port} exited`))); });
  console.error(`${p.name}: ${line}`);
}
const out = [];
try {
  for (const p of pages) {
    for (const [pname, profile] of Object.entries(profiles)) {
      const rs = [];
      for (let i = 0; i < runs; i++) rs.push(await once(p, profile));
      const row = { page: p.name + (p.url ? ` ${p.url}` : ''), profile: pname };
      for (const k of ['transfer_kb', 'drawn_ms', 'interactive_ms']) row[k] = +median(rs.map((r) => r[k])).toFixed(k === 'transfer_kb' ? 1 : 0);
      row.drawn_all = rs.map((r) => Math.round(r.drawn_ms)).join(' ');
      out.push(row);
      console.error(JSON.stringify(row));
    }
  }
} finally {
  servers.forEach((s) => s.kill());
}
console.table(out);
