// The first frame in the HTML (issue 12): with the wasm held back, the reader
// already sees the default view (five servers, the controls, the texts); the
// page contract is not there yet (no data-testid); once the wasm runs, the app
// takes over in place, without a jump or a blank frame. Other URLs get a
// neutral frame or none, never a wrong state.
import { test, expect } from './fixtures.mjs';

/** Holds every .wasm request until the returned function is called. */
async function holdWasm(page) {
  let release;
  const released = new Promise((r) => { release = r; });
  await page.route('**/*.wasm', async (route) => { await released; await route.continue().catch(() => {}); });
  return release;
}

/** Records, before each paint (animation frame), whether the first frame and the app are in the page. */
function recordFrames() {
  window.__frames = [];
  const tick = () => {
    window.__frames.push([!!document.querySelector('.first-frame.on'), !!document.querySelector('body > .app')]);
    if (window.__frames.length < 20000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

const box = async (loc) => {
  const b = await loc.boundingBox();
  expect(b, 'a box').not.toBeNull();
  return b;
};

function expectSameBox(a, b, what) {
  for (const k of ['x', 'y', 'width', 'height']) {
    expect(Math.abs(a[k] - b[k]), `${what}: ${k} ${a[k]} → ${b[k]}`).toBeLessThanOrEqual(1);
  }
}

for (const [w, h] of [[1280, 720], [390, 844]]) {
  test(`at ${w}×${h}, the first frame shows before the wasm and the app takes over in place`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    await page.addInitScript(recordFrames);
    const release = await holdWasm(page);
    await page.goto('./', { waitUntil: 'domcontentloaded' });
    const ff = page.locator('.first-frame.on');
    await expect(ff).toBeVisible();
    // The cluster in the shape the app will draw: the ellipse on a wide
    // screen, the circle on a phone (both are in the HTML; CSS shows one).
    await expect(ff.locator('svg.cluster:visible')).toHaveCount(1);
    await expect(ff.locator('svg.cluster:visible')).toHaveClass(w > 980 ? /ff-wide/ : /ff-narrow/);
    await expect(ff.locator('svg.cluster:visible .server')).toHaveCount(5);
    await expect(ff.locator('svg.cluster:visible .server .role-label').first()).toHaveText('follower');
    await expect(ff.locator('.controls .play')).toContainText('Pause');
    await expect(ff.locator('h1')).toHaveText('Raft Lab');
    await expect(ff.getByText('No operations yet')).toBeVisible();
    // Only the live app is the page contract; no id twice.
    await expect(page.locator('[data-testid]')).toHaveCount(0);
    await expect(page.locator('body [id]')).toHaveCount(0);
    const parts = { cluster: 'svg.cluster:visible', S1: 'svg.cluster:visible .server .body >> nth=0', S3: 'svg.cluster:visible .server .body >> nth=2', 'play/pause': '.controls .play', timeline: '.timeline', logs: '.panel.logs' };
    const before = {};
    for (const [name, css] of Object.entries(parts)) before[name] = await box(ff.locator(css));

    release();
    await expect(page.locator('[data-testid=node]')).toHaveCount(5);
    await expect(page.locator('.first-frame')).toHaveCount(0);
    const live = { cluster: 'svg.cluster', S1: '[data-testid=node] .body >> nth=0', S3: '[data-testid=node] .body >> nth=2', 'play/pause': '[data-testid=play-pause]', timeline: '[data-testid=timeline]', logs: '.panel.logs' };
    for (const [name, css] of Object.entries(live)) expectSameBox(before[name], await box(page.locator(css)), name);

    // Before each paint: the frame alone, then the app alone; never both,
    // never neither once the frame was there.
    const frames = await page.evaluate(() => window.__frames);
    const first = frames.findIndex(([f]) => f);
    expect(first, 'the first frame was painted').toBeGreaterThanOrEqual(0);
    const after = frames.slice(first).map(([f, a]) => (f ? 'F' : '') + (a ? 'A' : '') || '-').join('');
    expect(after).toMatch(/^F+A+$/);
  });
}

test('?lang=zh: the Chinese first frame', async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto('./?lang=zh', { waitUntil: 'domcontentloaded' });
  const ff = page.locator('.first-frame.on');
  await expect(ff.locator('h1')).toHaveText('Raft 实验室');
  await expect(ff.locator('.controls .play')).toContainText('暂停');
  await expect(ff.locator('svg.cluster .server .role-label').first()).toHaveText('跟随者');
  await expect(page.locator('template')).toHaveCount(0);
  release();
  await expect(page.locator('[data-testid=node]')).toHaveCount(5);
  await expect(page.getByTestId('play-pause')).toContainText('暂停');
  await expect(page.locator('.first-frame')).toHaveCount(0);
});

test.describe('in a Chinese browser', () => {
  test.use({ locale: 'zh-CN' });
  test('the Chinese first frame, with ?seed= too; ?lang=en the English one', async ({ page }) => {
    const release = await holdWasm(page);
    await page.goto('./?seed=7', { waitUntil: 'domcontentloaded' });
    await expect(page.locator('.first-frame.on:not(.neutral) h1')).toHaveText('Raft 实验室');
    await page.goto('./?lang=en', { waitUntil: 'domcontentloaded' });
    await expect(page.locator('.first-frame.on:not(.neutral) h1')).toHaveText('Raft Lab');
    release();
    await expect(page.locator('[data-testid=node]')).toHaveCount(5);
    await expect(page.locator('h1')).toHaveText('Raft Lab');
  });
});

test('a scenario gets a neutral frame: the title, no servers, no state', async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto('./?scenario=figure-8', { waitUntil: 'domcontentloaded' });
  const ff = page.locator('.first-frame.on.neutral');
  await expect(ff.locator('h1')).toBeVisible();
  for (const css of ['.server .body', '.server .name', '.server .term', '.server .role-label', '.controls', '.timeline', '.panel.logs']) {
    await expect(ff.locator(css).first(), css).toBeHidden();
  }
  release();
  await expect(page.locator('[data-testid=node]')).toHaveCount(5);
  await expect(page.locator('.first-frame')).toHaveCount(0);
});

test('a URL that changes the first state gets plain servers: no roles, no terms', async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto('./?prevote=1&speed=1', { waitUntil: 'domcontentloaded' });
  const ff = page.locator('.first-frame.on.neutral');
  await expect(ff.locator('.server .body:visible')).toHaveCount(5);
  await expect(ff.locator('.server .name:visible')).toHaveCount(5);
  for (const css of ['.server .term', '.server .role-label', '.server .timer', '.controls', '.panel.logs']) {
    await expect(ff.locator(css).first(), css).toBeHidden();
  }
  release();
  await expect(page.locator('[data-testid=node]')).toHaveCount(5);
  await expect(page.locator('.first-frame')).toHaveCount(0);
});

test('no first frame with ?poster=1, ?source= or in an embed', async ({ page }) => {
  const release = await holdWasm(page);
  for (const q of ['?poster=1', '?source=node', '?embed=1', '?seed=3&panels=log']) {
    await page.goto(`./${q}`, { waitUntil: 'domcontentloaded' });
    await expect(page.locator('.first-frame'), q).toHaveCount(0);
  }
  await expect(page.getByTestId('poster')).toHaveCount(0); // the last page was not the poster
  release();
});

test('when the wasm cannot load, the alert shows and the frame goes', async ({ page }) => {
  page.expectedErrors = /wasm|WebAssembly|Failed to load|ERR_FAILED|404|net::/i;
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto('./');
  await expect(page.getByRole('alert')).toContainText('could not start');
  await expect(page.locator('.first-frame')).toHaveCount(0);
});

for (const q of ['./', './?scenario=figure-8']) test(`a stylesheet slower than the wasm (${q}): the app mounts first, the frame's script then finds nothing to show and says no error`, async ({ page }) => {
  // The frame's inline script waits for the stylesheet; a warm-cache wasm does not.
  await page.route('**/*.css', async (route) => { await new Promise((r) => setTimeout(r, 2500)); await route.continue().catch(() => {}); });
  await page.goto(q);
  await expect(page.locator('[data-testid=node]').first()).toBeAttached();
  await expect(page.locator('.first-frame')).toHaveCount(0);
  await expect(page.locator('body > .app')).toHaveCount(1);
  await expect(page.locator('template')).toHaveCount(0);
});
