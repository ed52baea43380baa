// Trunk's post_build hook (Trunk.toml), for `trunk build` and `trunk serve`:
// puts the page's first frame into index.html's <body>, in place of
// `<!-- first-frame -->`, so that a reader sees the cluster before the wasm
// has arrived (issue 12). The frame is the default view at t=0, rendered by
// the page's own view code natively (`raftlab first-frame`, src/ui/first_frame.rs)
// into target/first-frame/{en,zh}.html by .ci/build and .ci/serve.
//
//   <div class="first-frame" aria-hidden="true" inert>…English…</div>
//   <template class="first-frame-zh">…Chinese…</template>
//   <script>raftlab.frame()</script>
//
// index.html's start script (`raftlab.frame`) then shows it, swaps the Chinese
// one in, blanks it to a neutral frame or drops it (see there); Yew empties
// <body> when the app mounts, and it goes. Only the live app is the page contract:
// every `id`, `data-*`, ARIA and tooltip attribute goes (no duplicate ids, no
// test hooks, nothing for a screen reader), and so do SVG <title>s.
// Without the rendered files the page is left as it was: the wasm draws first.
import fs from 'node:fs';
import path from 'node:path';

if (path.basename(process.env.TRUNK_HTML_FILE || '') !== 'index.html') process.exit(0);
const file = path.join(process.env.TRUNK_STAGING_DIR || fail('TRUNK_STAGING_DIR'), 'index.html');
const frames = process.env.FIRST_FRAME_DIR || 'target/first-frame';
function fail(what) { console.error(`first-frame.mjs: ${what} missing`); process.exit(1); }

const MARK = '<!-- first-frame -->';
let html = fs.readFileSync(file, 'utf8');
if (!html.includes(MARK)) fail(`${MARK} in ${file}`);
const read = (lang) => {
  const f = path.join(frames, `${lang}.html`);
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8').trim() : null;
};
const [en, zh] = [read('en'), read('zh')];
if (!en || !zh || !en.startsWith('<div class="app')) {
  console.error(`first-frame.mjs: no first frame in ${frames} (run \`raftlab first-frame\`: see .ci/build); the wasm draws first`);
  process.exit(0);
}
// Yew escapes `"` in attribute values, so an attribute ends at the next `"`.
const clean = (s) => s
  .replace(/ (id|for|data-[\w-]+|aria-[\w-]+|role|tabindex|title)="[^"]*"/g, '')
  .replace(/<title>[^<]*<\/title>/g, '')
  // Empty SVG shapes close themselves (foreign content in HTML).
  .replace(/<(circle|path|line|rect|polygon|ellipse)([^>]*)><\/\1>/g, '<$1$2/>');
html = html.replace(MARK, () =>
  `<div class="first-frame" aria-hidden="true" inert>${clean(en)}</div>` +
  `<template class="first-frame-zh">${clean(zh)}</template><script>raftlab.frame()</script>`);
fs.writeFileSync(file, html);
console.log(`first-frame.mjs: the first frame is in ${file}`);
