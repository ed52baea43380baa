// WCAG 2.2 A/AA (issue 13): axe-core finds nothing serious or critical on any
// view — free play, a narrated scenario, each dialog, the staging editor, an
// embed, presenter mode, a phone, both languages, light and dark.
import { test, expect, waitForLeader, axeSerious as serious } from './fixtures.mjs';

const VIEWS = [
  // name, query, viewport, then what to open
  ['free play', '?seed=3', [1280, 800]],
  ['free play in Chinese', '?seed=3&lang=zh', [1280, 800]],
  ['a narrated scenario', '?scenario=figure-8&speed=1', [1280, 800]],
  ['a scenario in Chinese', '?scenario=first-election&lang=zh', [1280, 800]],
  ['presenter mode', '?seed=3&presenter=1', [1280, 720]],
  ['a phone', '?seed=3', [390, 844]],
  ['a phone in Chinese', '?seed=3&lang=zh', [390, 844]],
  ['an embed', '?embed=1&scenario=leader-crash', [600, 520]],
  ['the help', '?seed=3', [1280, 800], 'help'],
  ['the share dialog', '?seed=3', [1280, 800], 'share'],
  ['the embed dialog', '?seed=3&lang=zh', [1280, 800], 'embed'],
  ['the staging editor', '?seed=3', [1280, 800], 'stage'],
];

for (const [name, query, [width, height], open] of VIEWS) {
  for (const scheme of ['light', 'dark']) {
    test(`axe: ${name} (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      await page.goto(query);
      await expect(page.getByTestId('node').first()).toBeVisible();
      if (!query.includes('scenario')) await waitForLeader(page);
      if (open) {
        await page.getByTestId(open).first().click();
        await expect(page.locator('[role=dialog], .help, .stage-editor').first()).toBeVisible();
      }
      expect(await serious(page)).toEqual([]);
    });
  }
}

test('each server is named by its role, term, vote and log', async ({ page }) => {
  await page.goto('?seed=3&speed=1');
  const l = await waitForLeader(page);
  const name = await page.locator(`[data-testid=node][data-node="${l.id}"] > title`).textContent();
  expect(name).toMatch(new RegExp(`^S${l.id}, leader, term ${l.term}, voted for S${l.id}, log: \\d+ entries, \\d+ committed`));
});

test('a polite live region says what matters: a new leader, a crash', async ({ page }) => {
  await page.goto('?seed=5&speed=1');
  const say = page.getByTestId('announcer');
  await expect(say).toHaveAttribute('aria-live', 'polite');
  const l = await waitForLeader(page);
  await expect(say).toContainText(/leader|committed/);
  await page.locator(`[data-testid=node][data-node="${l.id}"]`).click();
  await page.getByTestId('crash-node').click();
  // The new leader outweighs the commits that follow it.
  await expect(say).toContainText(new RegExp(`S(?!${l.id}\\b)\\d won the election`), { timeout: 10_000 });
  // Throttled: during 3 s of a busy cluster it changes at most 3 times.
  const seen = new Set();
  const end = Date.now() + 3000;
  while (Date.now() < end) { seen.add(await say.textContent()); await page.waitForTimeout(100); }
  expect(seen.size).toBeLessThanOrEqual(3);
});

test('the table view lists every server with its role, term and log', async ({ page }) => {
  await page.goto('?seed=3&speed=1');
  const l = await waitForLeader(page);
  await page.getByTestId('table-view').locator('summary').click();
  const rows = page.getByTestId('state-row');
  await expect(rows).toHaveCount(5);
  await expect(page.locator(`[data-testid=state-row][data-node="${l.id}"] td`).first()).toHaveText('leader');
  await expect(page.locator(`[data-testid=state-row][data-node="${l.id}"] td`).nth(1)).toHaveText(String(l.term));
});

test('the timeline works from the keyboard alone (WCAG 2.1.1, 2.5.7)', async ({ page }) => {
  await page.goto('?seed=3&speed=1');
  await waitForLeader(page);
  const tl = page.getByTestId('timeline');
  await tl.focus();
  await page.keyboard.press('Space'); // pause
  await expect(page.getByTestId('play-pause')).toHaveAttribute('data-playing', 'false');
  const head = Number(await page.getByTestId('sim-time').getAttribute('data-ms'));
  await page.keyboard.press('Home');
  await expect(page.getByTestId('sim-time')).toHaveAttribute('data-ms', '0');
  await expect(page.getByTestId('live')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => Number(await page.getByTestId('sim-time').getAttribute('data-ms'))).toBeGreaterThan(0);
  await page.keyboard.press('End');
  await expect.poll(async () => Number(await page.getByTestId('sim-time').getAttribute('data-ms'))).toBeGreaterThanOrEqual(head);
  await expect(page.getByTestId('live')).toHaveCount(0);
});

test('axe: the client and history panels with a failing check, on a phone too', async ({ page }) => {
  for (const [w, h] of [[1280, 800], [390, 844]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto('?seed=7&speed=1');
    const old = await waitForLeader(page);
    await page.getByTestId('write-value').fill('x=1');
    await page.getByTestId('write-submit').click();
    await expect(page.locator('[data-testid=write][data-status=acked]')).toHaveCount(1);
    await page.locator(`[data-testid=node][data-node="${old.id}"]`).click();
    await page.getByTestId('isolate-node').click();
    await waitForLeader(page, (n) => n.id !== old.id);
    await page.getByTestId('write-value').fill('x+=2');
    await page.getByTestId('write-submit').click();
    await expect(page.locator('[data-testid=write][data-status=acked]')).toHaveCount(2);
    await page.getByTestId('client-target').selectOption(String(old.id));
    await page.getByTestId('read-mode').selectOption('local');
    await page.getByTestId('read-submit').click();
    await expect(page.getByTestId('history-broken')).toBeVisible();
    await page.locator('[data-testid=op][data-unorderable=true]').first().focus();
    expect(await serious(page)).toEqual([]);
  }
});

// WCAG 2.2, 2.4.11 (focus not obscured): tabbing through the whole page, every
// control that takes the focus is on screen and not entirely covered by
// something else (a floating error, a dialog, a sticky bar). Paused, so that
// nothing moves between the check's samples.
for (const [w, h, query] of [[1280, 720, '?seed=3&speed=1'], [390, 844, '?seed=3&speed=1&lang=zh'], [1280, 720, '?scenario=figure-8&speed=1']]) test(`at ${w}×${h} (${query}), the focused control is never hidden`, async ({ page }) => {
  await page.setViewportSize({ width: w, height: h });
  await page.goto(query);
  await expect(page.getByTestId('node').first()).toBeVisible();
  if (!query.includes('scenario')) await waitForLeader(page);
  const playing = page.getByTestId('play-pause');
  if ((await playing.getAttribute('data-playing')) === 'true') await playing.click();
  const seen = new Set();
  for (let k = 0; k < 160; k++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const b = el.getBoundingClientRect();
      const name = `${el.tagName}.${el.getAttribute('class') || ''}[${el.dataset.testid || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 20)}]`;
      const onScreen = b.width > 0 && b.height > 0 && b.bottom > 0 && b.right > 0 && b.top < innerHeight && b.left < innerWidth;
      // Not entirely covered: some point of it (centre, or a quarter in) is its own.
      const pts = [[0.5, 0.5], [0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]];
      const own = pts.some(([fx, fy]) => {
        const x = b.left + b.width * fx, y = b.top + b.height * fy;
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
        const hit = document.elementFromPoint(x, y);
        return !!hit && (hit === el || el.contains(hit) || hit.contains(el));
      });
      return { name, onScreen, own, key: el.outerHTML.slice(0, 120) };
    });
    if (!r) continue;
    if (seen.has(r.key)) break; // round the page once
    seen.add(r.key);
    expect(r.onScreen && r.own, `focused ${r.name} is on screen and not hidden`).toBe(true);
  }
  expect(seen.size).toBeGreaterThan(20);
});
