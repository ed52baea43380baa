// The live page (issue: five servers you can watch, break and write to), acting
// as a user through the page contract only.
import { test, expect, nodes, logs, leaders, waitForLeader, simMs, pause, play, link, stepUntilMessage } from './fixtures.mjs';

test('a leader is elected (§5.2)', async ({ page }) => {
  await page.goto('?seed=3&speed=1');
  await expect(page.getByTestId('node')).toHaveCount(5);
  const l = await waitForLeader(page);
  expect(l.term).toBeGreaterThanOrEqual(1);
  expect(await leaders(page)).toHaveLength(1);
});

test('a write is acknowledged and committed on a majority (§5.3)', async ({ page }) => {
  await page.goto('?seed=4&speed=1');
  const l = await waitForLeader(page);
  await page.getByTestId('write-value').fill('x=42');
  await page.getByTestId('write-submit').click();
  await expect(page.getByTestId('write').first()).toHaveAttribute('data-status', 'acked');
  await expect.poll(async () => {
    const lg = await logs(page);
    const at = (lg[l.id] || []).find((e) => e.committed && e.index >= 2);
    if (!at) return 0;
    return Object.values(lg).filter((es) => es.some((e) => e.index === at.index && e.term === at.term && e.committed)).length;
  }).toBeGreaterThanOrEqual(3);
});

test('crashing the leader elects a new one in a higher term (§5.2)', async ({ page }) => {
  await page.goto('?seed=5&speed=1');
  const old = await waitForLeader(page);
  await page.locator(`[data-testid=node][data-node="${old.id}"]`).click();
  await page.getByTestId('crash-node').click();
  await expect(page.locator(`[data-testid=node][data-node="${old.id}"]`)).toHaveAttribute('data-role', 'down');
  const fresh = await waitForLeader(page, (n) => n.id !== old.id);
  expect(fresh.term).toBeGreaterThan(old.term);
});

test('a restarted server catches up (§5.3)', async ({ page }) => {
  await page.goto('?seed=6&speed=1');
  const l = await waitForLeader(page);
  const f = (await nodes(page)).find((n) => n.id !== l.id).id;
  await page.locator(`[data-testid=node][data-node="${f}"]`).click();
  await page.getByTestId('crash-node').click();
  for (const v of ['a=1', 'b=2', 'c=3']) {
    await page.getByTestId('write-value').fill(v);
    await page.getByTestId('write-submit').click();
  }
  await expect(page.locator('[data-testid=write][data-status=acked]')).toHaveCount(3);
  await page.getByTestId('restart-node').click();
  await expect.poll(async () => {
    const lg = await logs(page);
    const key = (es) => (es || []).filter((e) => e.committed).map((e) => `${e.index}:${e.term}`).join(' ');
    return key(lg[f]) !== '' && key(lg[f]) === key(lg[l.id]);
  }).toBe(true);
});

test('a 2|3 split by cutting links: the majority elects its own leader, the old one is stale, healing makes every log the same (§5.4, §6)', async ({ page }) => {
  await page.goto('?seed=7&speed=1');
  const old = await waitForLeader(page);
  const other = (old.id % 5) + 1;
  const minority = [old.id, other];
  const majority = [1, 2, 3, 4, 5].filter((i) => !minority.includes(i));
  // Cut all six links at one instant, as a real partition would. Links are
  // buttons: Enter toggles one even when a paused message sits on its middle.
  await pause(page);
  for (const a of minority) for (const b of majority) await link(page, a, b).press('Enter');
  for (const a of minority) for (const b of majority) await expect(link(page, a, b)).toHaveAttribute('data-state', 'cut');
  await play(page);
  // A write to the stale leader cannot commit.
  await page.getByTestId('write-value').fill('lost=1');
  await page.getByTestId('write-submit').click();
  const fresh = await waitForLeader(page, (n) => majority.includes(n.id));
  expect(fresh.term).toBeGreaterThan(old.term);
  const stale = (await nodes(page)).find((n) => n.id === old.id);
  expect(stale.role).toBe('leader');
  expect(stale.term).toBe(old.term);
  for (const a of minority) for (const b of majority) await link(page, a, b).press('Enter');
  await expect.poll(async () => {
    const lg = await logs(page);
    const keys = Object.values(lg).map((es) => es.map((e) => `${e.index}:${e.term}`).join(' '));
    return keys.length === 5 && keys.every((k) => k === keys[0]);
  }, { timeout: 20_000 }).toBe(true);
  expect(await leaders(page)).toHaveLength(1);
});

test('pausing stops time and step advances it', async ({ page }) => {
  await page.goto('?seed=8&speed=1');
  await waitForLeader(page);
  await pause(page);
  const t0 = await simMs(page);
  await page.waitForTimeout(400);
  expect(await simMs(page)).toBe(t0);
  await page.getByTestId('step').click();
  await expect.poll(() => simMs(page)).toBeGreaterThan(t0);
  await play(page);
  await expect.poll(() => simMs(page)).toBeGreaterThan(t0 + 50);
});

test('clicking a message drops it', async ({ page }) => {
  await page.goto('?seed=9&speed=0.5');
  await waitForLeader(page);
  await stepUntilMessage(page);
  const before = await page.getByTestId('message').count();
  const m = page.getByTestId('message').last();
  const id = await m.getAttribute('data-id');
  await m.click({ force: true });
  await expect(page.locator(`[data-testid=message][data-id="${id}"]`)).toHaveCount(0);
  await expect(page.getByTestId('message')).toHaveCount(before - 1);
  await expect(page.locator('.feed')).toContainText('dropped');
});

test('a message is reachable by keyboard: focus it and press Enter to drop it', async ({ page }) => {
  await page.goto('?seed=9&speed=0.5');
  await waitForLeader(page);
  await stepUntilMessage(page);
  const m = page.getByTestId('message').first();
  const id = await m.getAttribute('data-id');
  await expect(m).toHaveAttribute('role', 'button');
  await expect(m).toHaveAttribute('aria-label', /S\d→S\d/);
  await m.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator(`[data-testid=message][data-id="${id}"]`)).toHaveCount(0);
  await expect(page.locator('.feed')).toContainText('dropped');
});

test('Space pauses even when a link has the focus (Enter is what cuts it)', async ({ page }) => {
  await page.goto('?seed=3&speed=0.5');
  await waitForLeader(page);
  const link = page.getByTestId('link').first();
  await link.focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play-pause')).toHaveAttribute('data-playing', 'false');
  await expect(link).toHaveAttribute('data-state', 'up');
  await page.keyboard.press('Enter');
  await expect(link).toHaveAttribute('data-state', 'cut');
});

test('bad URL parameters show an error and the page carries on with defaults', async ({ page }) => {
  await page.goto('?seed=abc&speed=-3&nodes=12&lang=fr');
  const errors = page.getByTestId('error');
  await expect(errors.first()).toBeVisible();
  await expect(page.locator('.errors')).toContainText('seed must be a whole number');
  await expect(page.locator('.errors')).toContainText('nodes must be 1 to 9');
  await expect(page.getByTestId('node')).toHaveCount(5);
  await waitForLeader(page);
});

test('a far t or a huge speed gives a message, a far jump shows progress, and the page keeps answering', async ({ page }) => {
  for (const url of ['?scenario=leader-crash&t=1e12', '?embed=1&scenario=leader-crash&t=1e12']) {
    await page.goto(url);
    await expect(page.locator('.errors')).toContainText('t must be at most 86400000 ms (one day of simulated time)');
    await expect(page.getByTestId('progress')).toBeVisible();
    await expect(page.getByTestId('progress')).toContainText('86400000');
    // Time moves on, in slices, while the page still answers a click at once.
    await expect.poll(() => simMs(page)).toBeGreaterThan(2000);
    const b = page.getByTestId('play-pause');
    await expect(b).toHaveAttribute('data-playing', 'false');
    const t0 = Date.now();
    await b.click({ timeout: 1000 });
    await expect(b).toHaveAttribute('data-playing', 'true', { timeout: 1000 });
    expect(Date.now() - t0).toBeLessThan(1000);
    await expect(page.getByTestId('progress')).toHaveCount(0);
    const there = await simMs(page);
    expect(there).toBeLessThan(86_400_000);
  }
  await page.goto('?speed=1e9');
  await expect(page.locator('.errors')).toContainText('speed must be a number from 0.001 to 100');
  await waitForLeader(page);
  const b = page.getByTestId('play-pause');
  const t0 = Date.now();
  await b.click({ timeout: 1000 });
  await expect(b).toHaveAttribute('data-playing', 'false', { timeout: 1000 });
  expect(Date.now() - t0).toBeLessThan(1000);
});

test('on the Chinese page, messages about bad input are in Chinese', async ({ page }) => {
  await page.goto('?nodes=12&lang=zh');
  await expect(page.locator('.errors')).toContainText('nodes 必须是 1 到 9，而不是“12”');
  await waitForLeader(page);
  await page.getByTestId('write-value').fill('no-equals-sign');
  await page.getByTestId('write-submit').click();
  await expect(page.locator('.errors')).toContainText('写入的格式是 key=value，而不是“no-equals-sign”');
  await expect(page.getByTestId('write')).toHaveCount(0);
});

test('markup in user text is shown as text, never injected', async ({ page }) => {
  await page.goto('?seed=%3Cimg%20src%3Dx%20id%3Dinjected%3E');
  await expect(page.locator('.errors')).toContainText('<img src=x id=injected>');
  expect(await page.locator('#injected').count()).toBe(0);
  await waitForLeader(page);
  await page.getByTestId('write-value').fill('<b>k</b>=<i>v</i>');
  await page.getByTestId('write-submit').click();
  await expect(page.getByTestId('write').first()).toContainText('<b>k</b>=<i>v</i>');
  expect(await page.locator('.writes b, .writes i').count()).toBe(0);
});

test('one-way cuts and partition presets', async ({ page }) => {
  await page.goto('?seed=10&speed=1');
  await waitForLeader(page);
  await page.locator('details summary').first().click();
  await page.locator('[data-testid=link-select][data-a="1"][data-b="2"]').selectOption('1>2');
  await expect(link(page, 1, 2)).toHaveAttribute('data-state', 'oneway');
  await page.getByTestId('split').click();
  await expect(page.locator('[data-testid=link][data-state=cut]')).toHaveCount(6);
  await page.getByTestId('heal-all').click();
  await expect(page.locator('[data-testid=link][data-state=up]')).toHaveCount(10);
});

test('the invariant panel lists the seven properties, all holding in normal runs', async ({ page }) => {
  await page.goto('?seed=11&speed=2');
  await waitForLeader(page);
  const inv = page.getByTestId('invariant');
  await expect(inv).toHaveCount(7);
  const names = await inv.evaluateAll((els) => els.map((e) => `${e.dataset.name}=${e.dataset.ok}`));
  expect(names).toEqual(['election-safety', 'leader-append-only', 'log-matching', 'leader-completeness',
    'state-machine-safety', 'no-lost-ack', 'linearizability'].map((n) => `${n}=true`));
});

test('URL options reach the cluster: nodes, prevote, check_quorum', async ({ page }) => {
  await page.goto('?nodes=3&prevote=1&check_quorum=1&speed=1');
  await expect(page.getByTestId('node')).toHaveCount(3);
  await expect(page.getByTestId('opt-prevote')).toBeChecked();
  await expect(page.getByTestId('opt-check-quorum')).toBeChecked();
  await waitForLeader(page);
});

test('on a 390 px phone nothing scrolls sideways and the controls are reachable', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('?seed=16&speed=1');
  await waitForLeader(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const id of ['play-pause', 'step', 'speed', 'write-value', 'write-submit']) {
    const box = await page.getByTestId(id).boundingBox();
    expect(box.width).toBeGreaterThanOrEqual(30);
    expect(box.height).toBeGreaterThanOrEqual(30);
  }
});

test('prefers-reduced-motion: nothing moves until the viewer presses play', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('?seed=17');
  await expect(page.getByTestId('node')).toHaveCount(5);
  await expect(page.getByTestId('play-pause')).toHaveAttribute('data-playing', 'false');
  expect(await simMs(page)).toBe(0);
  await play(page);
  await expect.poll(() => simMs(page)).toBeGreaterThan(0);
});

test('students can read the Raft core in the page', async ({ page }) => {
  await page.goto('?speed=1');
  await page.getByTestId('source-link').click();
  await expect(page.locator('pre.source')).toContainText('fn handle_request_vote');
  await expect(page.locator('pre.source')).toContainText('§5.4.2');
  // Shown without the wasm (index.html's start script and source.js).
  await page.goto('?source=log&lang=zh');
  await expect(page.locator('pre.source .line').first()).toHaveText(/^1\S*/);
  await expect(page.locator('.files a.current')).toHaveText(/^log\.rs/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(page.locator('.files a').first()).toHaveText('← Raft 实验室');
  await page.goto('?source=nope');
  await expect(page.getByTestId('error')).toHaveText('no source file "nope"');
});

test('a click on a link cuts it and a second click heals it', async ({ page }) => {
  await page.goto('?seed=18&autoplay=0');
  await expect(page.getByTestId('node')).toHaveCount(5);
  for (const [a, b] of [[1, 2], [2, 5], [1, 3]]) {
    await link(page, a, b).click();
    await expect(link(page, a, b)).toHaveAttribute('data-state', 'cut');
    await link(page, a, b).click();
    await expect(link(page, a, b)).toHaveAttribute('data-state', 'up');
  }
});
