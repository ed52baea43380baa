// The cluster changes shape (issue 9): spare servers, adding (learner, then
// voter) and removing servers, joint consensus, leadership transfer, snapshots,
// through the page contract only (DESIGN.md, "Cluster shape").
import { test, expect, nodes, logs, waitForLeader, pause, play } from './fixtures.mjs';

const node = (page, id) => page.locator(`[data-testid=node][data-node="${id}"]`);
const member = (page, id) => node(page, id).getAttribute('data-member');

/** Records, from now on, every value `data-member` and `data-joint` take and
 *  every message kind drawn (`message:KIND`), even for one frame. */
async function watch(page) {
  await page.evaluate(() => {
    window.seen = new Set();
    const note = (e) => {
      if (!e.dataset) return;
      const d = e.dataset;
      if (d.testid === 'message') window.seen.add(`message:${d.kind}`);
      if (d.testid === 'node') window.seen.add(`${d.node}:${d.member}`);
      if (d.testid === 'configs') window.seen.add(`joint:${d.joint}`);
    };
    new MutationObserver((ms) => {
      for (const m of ms) {
        if (m.type === 'attributes') note(m.target);
        for (const n of m.addedNodes) {
          note(n);
          if (n.querySelectorAll) n.querySelectorAll('[data-testid]').forEach(note);
        }
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-member', 'data-joint', 'data-kind'] });
  });
}
const seen = (page) => page.evaluate(() => [...window.seen]);

async function write(page, values) {
  const acked = page.locator('[data-testid=write][data-status=acked]');
  const before = await acked.count();
  for (const v of values) {
    await page.getByTestId('write-value').fill(v);
    await page.getByTestId('write-submit').click();
  }
  await expect(acked).toHaveCount(before + values.length, { timeout: 30_000 });
}

test('max_nodes draws spare servers outside the configuration; shape buttons say why they cannot apply', async ({ page }) => {
  await page.goto('?seed=21&speed=1&nodes=5&max_nodes=9');
  await expect(page.getByTestId('node')).toHaveCount(9);
  for (const id of [1, 2, 3, 4, 5]) await expect(node(page, id)).toHaveAttribute('data-member', 'voter');
  for (const id of [6, 7, 8, 9]) await expect(node(page, id)).toHaveAttribute('data-member', 'spare');
  // Nothing selected: every shape button is off.
  for (const b of ['add-server', 'add-learner', 'remove-server', 'transfer-leader', 'snapshot-node']) {
    await expect(page.getByTestId(b)).toBeDisabled();
  }
  const l = await waitForLeader(page);
  await node(page, l.id).click();
  await expect(page.getByTestId('add-server')).toBeDisabled();
  await expect(page.getByTestId('add-server')).toHaveAttribute('title', /voter/);
  await expect(page.getByTestId('transfer-leader')).toHaveAttribute('title', /leader/);
  await expect(page.getByTestId('remove-server')).toBeEnabled();
  await node(page, 7).click();
  await expect(page.getByTestId('add-server')).toBeEnabled();
  await expect(page.getByTestId('add-learner')).toBeEnabled();
  await expect(page.getByTestId('remove-server')).toBeDisabled();
});

test('add-server: a spare catches up as a learner, then becomes a voter (thesis §4.2.1)', async ({ page }) => {
  await page.goto('?seed=22&speed=0.5&nodes=3&max_nodes=5');
  await expect(node(page, 4)).toHaveAttribute('data-member', 'spare');
  await waitForLeader(page);
  await write(page, ['a=1', 'b=2']);
  await watch(page);
  await node(page, 4).click();
  await page.getByTestId('add-server').click();
  await expect(node(page, 4)).toHaveAttribute('data-member', 'voter', { timeout: 30_000 });
  expect(await seen(page)).toContain('4:learner');
  // It holds the committed entries, at the same indices as the leader.
  const l = await waitForLeader(page);
  await expect.poll(async () => {
    const lg = await logs(page);
    const key = (es) => (es || []).filter((e) => e.index <= 3).map((e) => `${e.index}:${e.term}`).join(' ');
    return key(lg[4]) !== '' && key(lg[4]) === key(lg[l.id]);
  }).toBe(true);
  // A configuration entry is in the log.
  await expect(page.locator(`[data-testid=log-entry][data-node="${l.id}"][data-kind=config]`).first()).toBeVisible();
});

test('add-learner keeps a learner; remove-server sends a member back to the spares', async ({ page }) => {
  await page.goto('?seed=23&speed=1&nodes=5&max_nodes=6');
  const l = await waitForLeader(page);
  await node(page, 6).click();
  await page.getByTestId('add-learner').click();
  await expect(node(page, 6)).toHaveAttribute('data-member', 'learner');
  const f = (await nodes(page)).find((n) => n.id !== l.id && n.id <= 5).id;
  await node(page, f).click();
  await page.getByTestId('remove-server').click();
  await expect(node(page, f)).toHaveAttribute('data-member', 'spare');
  await expect(node(page, 6)).toHaveAttribute('data-member', 'learner');
  // The removed server never hears of its removal, so it may time out and cost
  // the cluster an election (thesis §4.2.3): a leader is back soon after.
  await waitForLeader(page);
});

test('transfer-leader: the target becomes leader, after a TimeoutNow (thesis §3.10)', async ({ page }) => {
  await page.goto('?seed=24&speed=0.2');
  const old = await waitForLeader(page);
  const target = (old.id % 5) + 1;
  await watch(page);
  await node(page, target).click();
  await page.getByTestId('transfer-leader').click();
  const fresh = await waitForLeader(page, (n) => n.id === target);
  expect(fresh.term).toBeGreaterThan(old.term);
  expect(await seen(page)).toContain('message:timeout-now');
});

test('snapshot-node compacts the log into a snapshot block; later entries keep their indices; a server that missed them gets InstallSnapshot (§7)', async ({ page }) => {
  await page.goto('?seed=25&speed=0.5');
  const l = await waitForLeader(page);
  const f = (l.id % 5) + 1;
  await node(page, f).click();
  await page.getByTestId('crash-node').click();
  await write(page, ['a=1', 'b=2', 'c=3']);
  await node(page, l.id).click();
  await expect(page.getByTestId('snapshot-node')).toBeEnabled();
  await page.getByTestId('snapshot-node').click();
  const snap = page.locator(`[data-testid=snapshot][data-node="${l.id}"]`);
  await expect(snap).toHaveCount(1);
  const index = Number(await snap.getAttribute('data-index'));
  expect(index).toBeGreaterThanOrEqual(4);
  expect(Number(await snap.getAttribute('data-term'))).toBe(l.term);
  // Nothing at or below the snapshot's index is drawn as an entry of that server.
  let lg = await logs(page);
  expect((lg[l.id] || []).filter((e) => e.index <= index)).toEqual([]);
  await write(page, ['a=1', 'b=2', 'c=3', 'd=4']);
  lg = await logs(page);
  const next = (lg[l.id] || []).find((e) => e.index === index + 1);
  expect(next, 'the entry after the snapshot keeps its index').toBeTruthy();
  const other = Object.keys(lg).map(Number).find((id) => id !== l.id && id !== f);
  expect(lg[other].find((e) => e.index === index + 1)?.term).toBe(next.term);
  // The crashed follower is behind the snapshot: it can only be repaired by one.
  await watch(page);
  await node(page, f).click();
  await page.getByTestId('restart-node').click();
  await expect(page.locator(`[data-testid=snapshot][data-node="${f}"]`)).toHaveAttribute('data-index', String(index), { timeout: 30_000 });
  expect(await seen(page)).toContain('message:install-snapshot');
});

test('the legend names InstallSnapshot and TimeoutNow, in both languages', async ({ page }) => {
  await page.goto('?seed=26&autoplay=0');
  for (const k of ['install-snapshot', 'timeout-now']) await expect(page.locator(`[data-legend=${k}]`)).toBeVisible();
  await expect(page.locator('[data-legend=install-snapshot]')).toContainText('InstallSnapshot');
  await expect(page.locator('[data-legend=timeout-now]')).toContainText('TimeoutNow');
  await page.goto('?seed=26&autoplay=0&lang=zh');
  await expect(page.locator('[data-legend=install-snapshot]')).toContainText('快照');
  await expect(page.locator('[data-legend=timeout-now]')).toContainText('选举');
});

test('membership-mode joint + change-voters: C_old,new then C_new replaces three servers (paper §6)', async ({ page }) => {
  await page.goto('?seed=27&speed=0.5&nodes=3&max_nodes=6');
  await waitForLeader(page);
  await page.getByTestId('membership-mode').check();
  await expect(page.getByTestId('membership-mode')).toBeChecked();
  await expect(page.getByTestId('change-voters')).toBeDisabled(); // nothing picked yet
  for (const id of [1, 2, 3, 4, 5, 6]) await page.locator(`[data-testid=pick-voter][data-node="${id}"]`).click();
  await watch(page);
  await page.getByTestId('change-voters').click();
  for (const id of [4, 5, 6]) await expect(node(page, id)).toHaveAttribute('data-member', 'voter', { timeout: 40_000 });
  for (const id of [1, 2, 3]) await expect(node(page, id)).toHaveAttribute('data-member', 'spare', { timeout: 40_000 });
  expect(await seen(page)).toContain('joint:true');
  await expect(page.getByTestId('configs')).toHaveAttribute('data-joint', 'false');
  // The old leader leads until C_new is committed, then steps down (thesis §4.2.2).
  const l = await waitForLeader(page, (n) => [4, 5, 6].includes(n.id));
  expect([4, 5, 6]).toContain(l.id);
});

test('servers total in the settings restarts free play with spares, so a server can be added on the default page', async ({ page }) => {
  await page.goto('?seed=28&speed=1');
  await expect(page.getByTestId('node')).toHaveCount(5);
  await pause(page); // a running page redraws its inputs every frame
  await page.getByTestId('opt-max-nodes').fill('7');
  await page.getByTestId('opt-max-nodes').press('Enter');
  await page.getByTestId('opt-max-nodes').blur();
  await expect(page.getByTestId('node')).toHaveCount(7);
  await expect(node(page, 6)).toHaveAttribute('data-member', 'spare');
  await play(page);
  await waitForLeader(page);
  await node(page, 6).click();
  await page.getByTestId('add-server').click();
  await expect(node(page, 6)).toHaveAttribute('data-member', 'voter', { timeout: 30_000 });
});
