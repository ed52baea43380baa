// A tiny static server for the release page on 127.0.0.1, optionally under a
// sub-path (to prove the page works from any static host). Gzips like a real host.
// Usage: node serve.mjs [--port 8090] [--base /sub/path/] [--dir DIR] [--cors]
// --cors sends `Access-Control-Allow-Origin: *`, the one header the page needs
// from its host inside a sandboxed frame (README, "Embeds").
// `/__host?html=…` answers with that HTML: host pages for the embed tests, on
// this server's origin (a real server: Chromium keeps a page it cannot place
// on loopback, such as one Playwright fulfils, from framing a loopback page).
// DIR defaults to $PAGE_DIST (relative to the checkout) or target/test-dist, the
// tests' own build (`PAGE_DIST=target/test-dist .ci/build`): dist/ may carry
// the live-reload script of a running `.ci/serve`.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const dir = path.resolve(root, opt('dir', process.env.PAGE_DIST || 'target/test-dist'));
const port = Number(opt('port', '8090'));
const base = opt('base', '/');
const cors = args.includes('--cors');
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.rs': 'text/plain; charset=utf-8',
};

http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/__host') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(url.searchParams.get('html') || '');
    return;
  }
  let p = decodeURIComponent(url.pathname);
  if (!p.startsWith(base)) { res.writeHead(404); res.end('not under ' + base); return; }
  p = p.slice(base.length);
  if (p === '' || p.endsWith('/')) p += 'index.html';
  const file = path.join(dir, p);
  if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404); res.end('not found'); return;
  }
  const body = fs.readFileSync(file);
  const type = types[path.extname(file)] || 'application/octet-stream';
  const gz = /\bgzip\b/.test(req.headers['accept-encoding'] || '') && !type.startsWith('image/');
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', ...(cors ? { 'access-control-allow-origin': '*' } : {}), ...(gz ? { 'content-encoding': 'gzip' } : {}) });
  res.end(gz ? zlib.gzipSync(body, { level: 9 }) : body);
}).listen(port, '127.0.0.1', () => console.log(`serving ${dir} at http://127.0.0.1:${port}${base}`));
