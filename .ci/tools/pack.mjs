// After `trunk build`: finishes DIR/index.html and writes DIR/raftlab.html.
//
//   node .ci/tools/pack.mjs DIR
//
// 1. index.html: Trunk's loader (a module script that imports the JS glue at
//    once, and <link rel=preload/modulepreload> tags the browser fetches as soon
//    as it reads them) becomes a call to `raftlab(glue, wasm)`, defined in
//    index.html, which fetches them only when the page starts (with ?poster=1,
//    after a click), before the stylesheet (which would hold a script up). The inline script, the JS glue and the CSS are minified
//    (esbuild, npm, in .ci/tools).
// 2. raftlab.html: the same page in one file that works anywhere (file://,
//    offline, any static host, a sandboxed iframe on another origin, none of
//    which may fetch files next to the page): the CSS in <style>, the icon as a
//    data: URL, the wasm in base64, the JS glue in an inline module, the source
//    viewer (source.js) inline, and the shipped scenarios, shown sources and
//    fetched texts in a map that a small `fetch` wrapper answers from before
//    the network (the page's Rust code is unchanged).
// Fails loudly when Trunk's output changes shape; a second run does nothing.
import fs from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node pack.mjs DIR');
const read = (f) => fs.readFileSync(path.join(dir, f));
const write = (f, text) => fs.writeFileSync(path.join(dir, f), text);
const fail = (what) => { console.error(`pack.mjs: ${what} not found in ${dir} (has Trunk's output changed?)`); process.exit(1); };
const min = (code, loader, format) => transformSync(code, {
  loader, format, minify: true, legalComments: 'none', charset: 'utf8',
  target: loader === 'css' ? ['chrome80', 'firefox78', 'safari14'] : 'es2020',
}).code.trim();

// 1. index.html.
let html = read('index.html').toString();
const loader = html.match(/<script type="module">\s*import init, \* as bindings from '([^']+\.js)';\s*const wasm = await init\(\{ module_or_path: '([^']+\.wasm)' \}\);[\s\S]*?<\/script>/);
if (!loader && /<script>raftlab\(/.test(html)) {
  console.log(`pack.mjs: ${dir} is packed already`);
  process.exit(0);
}
if (!loader) fail("Trunk's loader");
{
  const [all, glue, wasm] = loader;
  const boot = html.match(/<script>(\s*\/\/ Starts the page[\s\S]*?)<\/script>/) || fail('the inline start script');
  html = html.replace(all, '')
    .replace(boot[0], () => `<script>${min(boot[1], 'js')}</script>\n    <script>raftlab(${JSON.stringify(glue)}, ${JSON.stringify(wasm)})</script>`)
    .replace(/ data-integrity="?none"?/g, '')
    .replace(/<link rel="(module)?preload"[^>]*>/g, '')
    .replace(/\n\s*\n(\s*\n)+/g, '\n');
  write('index.html', html);
}
const [, glue, wasm] = html.match(/<script>raftlab\("([^"]+)", "([^"]+)"\)<\/script>/) || fail('the raftlab() call');

// 2. Short names between the wasm and its JS glue. wasm-bindgen names each
// import `__wbg_NAME_<16 hex digits>` and each closure shim after its whole Rust
// type; every name is written twice (wasm and glue) and the hex digits do not
// compress: about 2 KB gzipped. Imports and exports longer than 12 characters
// become `$a`, `$b`, … in both (`memory` and the like keep theirs). Every
// import must be found in the glue as a whole word, or the build fails.
function shorten(b, js) {
  let i = 8, n = 0;
  const leb = () => { let r = 0, s = 0, x; do { x = b[i++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; };
  const enc = (v) => { const o = []; do { let x = v & 0x7f; v = Math.floor(v / 128); if (v) x |= 0x80; o.push(x); } while (v); return Buffer.from(o); };
  const str = () => { const k = leb(); i += k; return b.toString('utf8', i - k, i); };
  const encStr = (t) => { const u = Buffer.from(t, 'utf8'); return Buffer.concat([enc(u.length), u]); };
  const renamed = new Map();
  const word = (name) => new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
  // An export the glue does not use (e.g. `__abort_handler`) keeps its name.
  const short = (name, used) => {
    if (name.length <= 12 || !/^[A-Za-z_$][\w$]*$/.test(name) || (used && !word(name).test(js))) return name;
    if (!renamed.has(name)) {
      let k = n++, t = '';
      do { t += 'abcdefghijklmnopqrstuvwxyz'[k % 26]; k = Math.floor(k / 26); } while (k);
      renamed.set(name, '$' + t);
    }
    return renamed.get(name);
  };
  const parts = [b.subarray(0, 8)];
  while (i < b.length) {
    const from = i, id = b[i++], size = leb(), end = i + size;
    if (id !== 2 && id !== 7) { parts.push(b.subarray(from, end)); i = end; continue; }
    const count = leb(), items = [enc(count)];
    for (let k = 0; k < count; k++) {
      if (id === 2) {
        const mod = str(), field = str(), from = i, kind = b[i++];
        if (kind === 0) leb(); else if (kind === 1) { i++; const f = b[i++]; leb(); if (f & 1) leb(); }
        else if (kind === 2) { const f = b[i++]; leb(); if (f & 1) leb(); } else if (kind === 3) i += 2; else fail(`import kind ${kind}`);
        items.push(encStr(mod), encStr(short(field)), b.subarray(from, i));
      } else {
        const name = str(), from = i; i++; leb();
        items.push(encStr(short(name, true)), b.subarray(from, i));
      }
    }
    if (i !== end) fail('the end of a wasm section');
    const body = Buffer.concat(items);
    parts.push(Buffer.from([id]), enc(body.length), body);
  }
  for (const [from, to] of renamed) {
    if (!word(from).test(js) || js.includes(to)) fail(`the glue's name ${from}`);
    js = js.replace(word(from), `$1${to}`);
  }
  return [Buffer.concat(parts), js, renamed.size];
}

// 3. raftlab.html.
const safe = (s) => s.replace(/<\/(script|style)/gi, '<\\/$1');
const css = html.match(/<link rel="stylesheet" href="([^"]+)"[^>]*>/) || fail('the stylesheet');
const icon = html.match(/<link rel="icon" href="([^"]+)"[^>]*>/) || fail('the icon');
const files = {};
for (const sub of ['scenarios', 'source', 'text']) {
  for (const f of fs.readdirSync(path.join(dir, sub)).sort()) files[`${sub}/${f}`] = read(`${sub}/${f}`).toString();
}
// Answers fetches of the inlined files (`./name` or `name`) from the map.
const shim = `(function(F){var f=window.fetch;window.fetch=function(u){var k=typeof u=="string"&&u.replace(/^\\.\\//,"");` +
  `return k&&F.hasOwnProperty(k)?Promise.resolve(new Response(F[k])):f.apply(this,arguments)}})(` +
  `${JSON.stringify(files).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')});`;
const exp = 'export { initSync, __wbg_init as default };';
const [wasmBytes, glueJs, shortened] = shorten(read(wasm), read(glue).toString());
if (!glueJs.includes(exp) || /^\s*(import|export)\b/m.test(glueJs.replace(exp, ''))) fail(`the glue's exports (${glue})`);
write(wasm, wasmBytes);
write(glue, min(glueJs, 'js', 'esm'));
// The source viewer (?source=NAME; index.html loads it when asked).
const sourceJs = min(read('source.js').toString(), 'js');
write('source.js', sourceJs);
write(css[1], min(read(css[1]).toString(), 'css'));
const js = min(glueJs.replace(exp, '') +
  '\nraftlab(function(){return Promise.resolve({default:__wbg_init,initSync:initSync})},function(){' +
  'var s=atob(document.getElementById("raftlab-wasm").textContent),b=new Uint8Array(s.length);' +
  'for(var i=0;i<s.length;i++)b[i]=s.charCodeAt(i);return b});', 'js', 'esm');
// The single file has no ZAB page beside it: it does not forward there.
const one = html
  .replace(/<script>[^<]*protocol=zab[^<]*<\/script>\s*/, '')
  .replace(css[0], () => `<style>\n${safe(read(css[1]).toString())}</style>`)
  .replace(icon[0], () => `<link rel="icon" href="data:image/svg+xml;base64,${read(icon[1]).toString('base64')}" />`)
  .replace(/<script>raftlab\([^)]*\)<\/script>/, () =>
    `<script>${shim}${safe(sourceJs)}</script>\n` +
    `<script type="application/octet-stream" id="raftlab-wasm">${wasmBytes.toString('base64')}</script>\n` +
    `<script type="module">\n${safe(js)}\n</script>`);
write('raftlab.html', one);
console.log(`pack.mjs: ${dir}/index.html loads on demand (${shortened} names shortened); ${dir}/raftlab.html is the page in one file (${(one.length / 1024).toFixed(0)} KB)`);
