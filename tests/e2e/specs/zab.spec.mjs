// The ZAB page (issue 10): ZooKeeper's protocol alone (?protocol=zab) and beside
// Raft (?compare=1), acting as a user through the page contract only.
import { test, expect, axeSerious } from './fixtures.mjs';

const cluster = (page, protocol) => page.locator(`[data-testid=cluster][data-protocol=${protocol}]`);

/** The ZAB servers' attributes (in either mode). */
async function zabNodes(page) {
  return cluster(page, 'zab').locator('[data-testid=node]').evaluateAll((els) => els.map((e) => ({
    id: Number(e.dataset.id), role: e.dataset.role, epoch: Number(e.dataset.epoch),
    round: Number(e.dataset.round), zxid: e.dataset.zxid, phase: e.dataset.phase,
  })));
}

/** Waits for an established ZAB leader whose live followers all broadcast; returns it. */
async function waitForZabLeader(page, pred = () => true) {
  let found;
  await expect.poll(async () => {
    const ns = await zabNodes(page);
    const up = ns.filter((n) => n.role !== 'down');
    const top = Math.max(...up.map((n) => n.epoch));
    const l = up.find((n) => n.role === 'leading' && n.epoch === top && n.phase === 'broadcast' && pred(n));
    const settled = l && up.every((n) => n.id === l.id || (n.role === 'following' && n.phase === 'broadcast'));
    found = settled ? l : undefined;
    return !!found;
  }, { timeout: 20_000 }).toBe(true);
  return found;
}

async function raftLeader(page) {
  let found;
  await expect.poll(async () => {
    const ns = await cluster(page, 'raft').locator('[data-testid=node]').evaluateAll((els) => els.map((e) => ({
      id: Number(e.dataset.node), role: e.dataset.role, term: Number(e.dataset.term),
    })));
    const top = Math.max(...ns.filter((n) => n.role !== 'down').map((n) => n.term));
    found = ns.find((n) => n.role === 'leader' && n.term === top);
    return !!found;
  }, { timeout: 20_000 }).toBe(true);
  return found;
}

const zabNode = (page, id) => cluster(page, 'zab').locator(`[data-testid=node][data-id="${id}"]`);

test('?protocol=zab elects a leader, commits a write in every history, and a crash of the leader gives a higher epoch', async ({ page }) => {
  await page.goto('zab.html?protocol=zab&seed=3&speed=1');
  await expect(zabNode(page, 1)).toBeVisible();
  await expect(cluster(page, 'zab').locator('[data-testid=node]')).toHaveCount(5);
  const l = await waitForZabLeader(page);
  expect(l.epoch).toBeGreaterThanOrEqual(1);
  expect((await zabNodes(page)).filter((n) => n.role === 'leading')).toHaveLength(1);

  await page.getByTestId('write-value').fill('x=42');
  await page.getByTestId('write-submit').click();
  await expect(page.locator('[data-testid=write][data-protocol=zab]').first()).toHaveAttribute('data-status', 'acked');
  const zxid = await zabNode(page, l.id).getAttribute('data-zxid');
  expect(zxid).toMatch(/^\d+:[1-9]\d*$/);
  // The zxid in both forms, in every server's history, committed everywhere.
  const [e, c] = zxid.split(':').map(Number);
  const hex = '0x' + (BigInt(e) * 2n ** 32n + BigInt(c)).toString(16);
  const cells = page.locator(`[data-testid=zxid][data-zxid="${zxid}"]`);
  await expect(cells).toHaveCount(5);
  await expect(page.locator(`[data-testid=zxid][data-zxid="${zxid}"][data-committed=true]`)).toHaveCount(5);
  await expect(cells.first()).toHaveAttribute('data-hex', hex);
  await expect(page.getByTestId('histories')).toContainText(hex);

  await zabNode(page, l.id).click();
  await expect(page.getByTestId('details')).toContainText(`${zxid} = ${hex}`);
  await page.getByTestId('crash-node').click();
  await expect(zabNode(page, l.id)).toHaveAttribute('data-role', 'down');
  const fresh = await waitForZabLeader(page, (n) => n.id !== l.id);
  expect(fresh.epoch).toBeGreaterThan(l.epoch);
});

test('votes change during an election and the round is shown (ZAB)', async ({ page }) => {
  await page.goto('zab.html?protocol=zab&seed=1&speed=0.05');
  await expect(zabNode(page, 1)).toHaveAttribute('data-role', 'looking');
  await expect(zabNode(page, 1)).toHaveAttribute('data-phase', 'election');
  // Each server first votes for itself, then switches to the best (epoch, zxid, id): S5.
  await expect.poll(async () => (await zabNode(page, 1).getAttribute('data-vote')), { timeout: 20_000 }).toBe('5');
  expect(Number(await zabNode(page, 1).getAttribute('data-round'))).toBeGreaterThanOrEqual(1);
  await expect(zabNode(page, 1)).toContainText('(S5, 0:0, e0)');
});

test('?compare=1 shows both clusters; one crash crashes the same server in both; both elect leaders', async ({ page }) => {
  await page.goto('zab.html?compare=1&seed=4&speed=1');
  await expect(cluster(page, 'raft')).toBeVisible();
  await expect(cluster(page, 'zab')).toBeVisible();
  await expect(cluster(page, 'raft').locator('[data-testid=node]')).toHaveCount(5);
  await expect(cluster(page, 'zab').locator('[data-testid=node]')).toHaveCount(5);
  await raftLeader(page);
  const zl = await waitForZabLeader(page);
  await expect(page.locator('[data-testid=why-election][data-protocol=zab]')).toContainText(`S${zl.id}`);

  await zabNode(page, zl.id).click();
  await page.getByTestId('crash-node').click();
  await expect(zabNode(page, zl.id)).toHaveAttribute('data-role', 'down');
  await expect(cluster(page, 'raft').locator(`[data-testid=node][data-node="${zl.id}"]`)).toHaveAttribute('data-role', 'down');
  const rl = await raftLeader(page);
  expect(rl.id).not.toBe(zl.id);
  const fresh = await waitForZabLeader(page, (n) => n.id !== zl.id);
  expect(fresh.epoch).toBeGreaterThan(zl.epoch);
  // One clock for both.
  await expect(page.getByTestId('sim-time')).toHaveCount(1);

  // A write goes to both.
  await page.getByTestId('write-value').fill('k=v');
  await page.getByTestId('write-submit').click();
  await expect(page.locator('[data-testid=write][data-protocol=raft]')).toHaveAttribute('data-status', 'acked');
  await expect(page.locator('[data-testid=write][data-protocol=zab]')).toHaveAttribute('data-status', 'acked');
});

test('a link cut in compare mode is cut in both clusters', async ({ page }) => {
  await page.goto('zab.html?compare=1&seed=2&speed=1');
  await waitForZabLeader(page);
  await cluster(page, 'zab').locator('[data-testid=link][data-a="1"][data-b="2"]').click();
  await expect(cluster(page, 'zab').locator('[data-testid=link][data-a="1"][data-b="2"]')).toHaveAttribute('data-state', 'cut');
  await expect(cluster(page, 'raft').locator('[data-testid=link][data-a="1"][data-b="2"]')).toHaveAttribute('data-state', 'cut');
  await page.getByTestId('heal-all').click();
  await expect(cluster(page, 'raft').locator('[data-testid=link][data-state=cut]')).toHaveCount(0);
  await expect(cluster(page, 'zab').locator('[data-testid=link][data-state=cut]')).toHaveCount(0);
});

test('the Chinese comparison page works', async ({ page }) => {
  await page.goto('zab.html?compare=1&lang=zh&seed=4&speed=1');
  await expect(page.locator('h1')).toContainText('ZAB 与 Raft 对照');
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toMatch(/^zh/);
  await raftLeader(page);
  const zl = await waitForZabLeader(page);
  await expect(zabNode(page, zl.id)).toContainText('LEADING 领导');
  await expect(page.locator('[data-testid=why-election][data-protocol=zab]')).toContainText('纪元');
  await page.getByTestId('lang').click();
  await expect(page.locator('h1')).toContainText('ZAB beside Raft');
});

test('a side-by-side scenario loads, shows its captions, and stops at its pauses', async ({ page }) => {
  await page.goto('zab.html?compare=1&scenario=zab-leader-crash&speed=2');
  await expect(page.getByTestId('caption')).not.toBeEmpty();
  await expect(page.getByTestId('caption-bar')).toContainText('ZAB vs Raft');
  // The menu lists the ZAB scenarios only.
  const names = await page.getByTestId('scenario-menu').locator('option').evaluateAll((os) => os.map((o) => o.value));
  expect(names).toContain('zab-leader-crash');
  expect(names.filter((n) => n && !n.startsWith('zab-'))).toEqual([]);
  // Its first pause stops playback.
  await expect(page.getByTestId('play-pause')).toHaveAttribute('data-playing', 'false');
  const first = await page.getByTestId('caption').textContent();
  await page.getByTestId('next-caption').click();
  await expect(page.getByTestId('caption')).not.toHaveText(first);
});

test('the Raft page sends ?protocol=zab and ?compare=1 to the ZAB page, and links to it', async ({ page }) => {
  await page.goto('?protocol=zab&seed=3#here');
  await expect(page).toHaveURL(/\/zab\.html\?protocol=zab&seed=3#here$/);
  await expect(cluster(page, 'zab')).toBeVisible();
  await page.goto('http://127.0.0.1:8092/blog/raft/?compare=1');
  await expect(page).toHaveURL('http://127.0.0.1:8092/blog/raft/zab.html?compare=1');
  await expect(cluster(page, 'raft')).toBeVisible();
  await page.goto('?seed=3');
  await expect(page.getByTestId('node')).toHaveCount(5);
  await page.getByTestId('compare-link').click();
  await expect(page).toHaveURL(/\/zab\.html\?compare=1/);
  await expect(cluster(page, 'zab')).toBeVisible();
});

test('bad input on the ZAB page is a message, never markup or a panic', async ({ page }) => {
  await page.goto('zab.html?protocol=%3Cb%3Epaxos%3C%2Fb%3E&compare=maybe&seed=x&scenario=no-such-thing');
  const errors = page.getByTestId('error');
  await expect(errors.filter({ hasText: 'protocol: ' })).toContainText('<b>paxos</b>');
  await expect(errors.filter({ hasText: 'compare: ' })).toHaveCount(1);
  await expect(errors.filter({ hasText: 'no-such-thing' })).toHaveCount(1);
  await expect(page.locator('[data-testid=error] b')).toHaveCount(0);
  // The page still runs (paused, since the scenario it was waiting for failed).
  await expect(page.getByTestId('play-pause')).toHaveAttribute('data-playing', 'false');
  await page.getByTestId('play-pause').click();
  await waitForZabLeader(page);
  // A write that is not key=value is refused with a message.
  await page.getByTestId('write-value').fill('<i>no equals</i>');
  await page.getByTestId('write-submit').click();
  await expect(errors.filter({ hasText: 'key=value' })).toHaveCount(1);
  await expect(page.locator('[data-testid=error] i')).toHaveCount(0);
  // A scenario that does not parse.
  await page.goto('zab.html?compare=1&scenario=' + encodeURIComponent('{"format":"raftlab-scenario/1","steps":[{"at_ms":0,"do":"explode"}]}'));
  await expect(errors.first()).toContainText('explode');
  await expect(cluster(page, 'zab').locator('[data-testid=node]')).toHaveCount(5);
});

for (const [name, query, [width, height]] of [
  ['ZAB alone', 'zab.html?protocol=zab&seed=3', [1280, 800]],
  ['ZAB beside Raft', 'zab.html?compare=1&seed=3', [1280, 800]],
  ['ZAB beside Raft on a phone, in Chinese', 'zab.html?compare=1&seed=3&lang=zh', [390, 844]],
  ['a side-by-side scenario', 'zab.html?compare=1&scenario=zab-round-is-not-term', [1280, 800]],
]) {
  test(`axe: ${name}`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto(query);
    await expect(cluster(page, 'zab').locator('[data-testid=node]').first()).toBeVisible();
    if (!query.includes('scenario')) await waitForZabLeader(page);
    expect(await axeSerious(page)).toEqual([]);
  });
}

test('on a 390 px phone nothing scrolls sideways, in either mode', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const q of ['zab.html?protocol=zab&seed=3', 'zab.html?compare=1&seed=3&lang=zh']) {
    await page.goto(q);
    await waitForZabLeader(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }
});

test('a ZAB scenario named on the Raft page opens it beside Raft', async ({ page }) => {
  await page.goto('?scenario=zab-partition');
  await expect(page).toHaveURL(/\/zab\.html\?scenario=zab-partition&compare=1$/);
  await expect(page.getByTestId('caption-bar')).toContainText('ZAB vs Raft');
  await expect(page.locator('[data-testid=cluster][data-protocol=raft]')).toBeVisible();
});
