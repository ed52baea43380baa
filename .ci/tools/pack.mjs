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

// 2. raftlab.html.
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
const glueJs = read(glue).toString();
const exp = 'export { initSync, __wbg_init as default };';
if (!glueJs.includes(exp) || /^\s*(import|export)\b/m.test(glueJs.replace(exp, ''))) fail(`the glue's exports (${glue})`);
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
    `<script type="application/octet-stream" id="raftlab-wasm">${read(wasm).toString('base64')}</script>\n` +
    `<script type="module">\n${safe(js)}\n</script>`);
write('raftlab.html', one);
console.log(`pack.mjs: ${dir}/index.html loads on demand; ${dir}/raftlab.html is the page in one file (${(one.length / 1024).toFixed(0)} KB)`);
