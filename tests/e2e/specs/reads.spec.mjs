// Client reads and linearizability (issue 11), through the page contract:
// the client panel, the history panel, and a check that fails.
import { test, expect, waitForLeader, pause, play } from './fixtures.mjs';

const op = (page, sel = '') => page.locator(`[data-testid=op]${sel}`);

async function write(page, v) {
  await page.getByTestId('write-value').fill(v);
  await page.getByTestId('write-submit').click();
}

async function read(page, key, mode) {
  await page.getByTestId('read-key').fill(key);
  await page.getByTestId('read-mode').selectOption(mode);
  await page.getByTestId('read-submit').click();
}

async function crash(page, id) {
  await page.locator(`[data-testid=node][data-node="${id}"]`).click();
  await page.getByTestId('crash-node').click();
}

test('a write, then a ReadIndex read returns what was written (§6.4)', async ({ page }) => {
  await page.goto('?seed=4&speed=1');
  await waitForLeader(page);
  await write(page, 'x=4');
  await write(page, 'x+=2');
  await expect(page.locator('[data-testid=write][data-status=acked]')).toHaveCount(2);
  await read(page, 'x', 'read_index');
  const get = op(page, '[data-kind=get]');
  await expect(get).toHaveAttribute('data-status', 'ok');
  await expect(get).toHaveText('x? → 42');
  await expect(get).toHaveAttribute('data-client', '1');
  await expect(op(page, '[data-kind=append][data-status=ok]')).toHaveText('x+=2');
  // Focus says what the key held before and after, and who answered.
  await get.focus();
  await expect(page.getByTestId('op-detail')).toContainText('x: 42 before, 42 after');
  await expect(page.getByTestId('op-detail')).toContainText(/server S\d/);
  await expect(page.locator('[data-testid=invariant][data-name=linearizability]')).toHaveAttribute('data-ok', 'true');
  // An empty key box reads x; a bad key is an error in words, nothing sent.
  await read(page, 'a=b', 'lease');
  await expect(page.getByTestId('error')).toContainText('a=b');
  await expect(op(page, '[data-kind=get]')).toHaveCount(1);
});

test('two clients in their own lanes; a write whose leader crashes is unknown, and a retry answers it (§6.3)', async ({ page }) => {
  await page.goto('?seed=5&speed=1');
  const l = await waitForLeader(page);
  await write(page, 'a=1');
  await expect(op(page, '[data-client="1"][data-kind=put]')).toHaveAttribute('data-status', 'ok');
  await page.getByTestId('client-select').selectOption('2');
  await expect(page.getByTestId('op-retry')).toBeDisabled();
  await pause(page);
  await write(page, 'a+=b');
  await crash(page, l.id);
  const lost = op(page, '[data-client="2"][data-kind=append]');
  await expect(lost).toHaveAttribute('data-status', 'unknown');
  await expect(page.getByTestId('history-lane')).toHaveCount(3);
  await expect(page.locator('[data-testid=history-lane][data-client="2"] [data-testid=op]')).toHaveCount(1);
  await expect(page.locator('.hmark.crash')).toHaveCount(1);
  // The retry carries the same session number: applied once, answered.
  await expect(page.getByTestId('op-retry')).toBeEnabled();
  await page.getByTestId('op-retry').click();
  await expect(lost).toHaveAttribute('data-status', 'pending');
  await play(page);
  await expect(lost).toHaveAttribute('data-status', 'ok', { timeout: 20_000 });
  await read(page, 'a', 'read_index');
  await expect(op(page, '[data-client="2"][data-kind=get]')).toHaveText('a? → 1b');
});

test('a local read at a deposed leader is stale: the history is not linearizable', async ({ page }) => {
  await page.goto('?seed=7&speed=1');
  const old = await waitForLeader(page);
  await write(page, 'x=1');
  await expect(page.locator('[data-testid=write][data-status=acked]')).toHaveCount(1);
  await page.locator(`[data-testid=node][data-node="${old.id}"]`).click();
  await page.getByTestId('isolate-node').click();
  const fresh = await waitForLeader(page, (n) => n.id !== old.id);
  await write(page, 'x=2');
  await expect(page.locator('[data-testid=write][data-status=acked]')).toHaveCount(2);
  // The old leader still thinks it leads and answers from its own state.
  await page.getByTestId('client-target').selectOption(String(old.id));
  await read(page, 'x', 'local');
  const stale = op(page, '[data-kind=get]');
  await expect(stale).toHaveText(/x\? → 1/);
  await expect(stale).toHaveAttribute('data-unorderable', 'true');
  // The set that cannot be ordered shows the read with the writes behind it:
  // the value it saw (x=1) and the one it missed (x=2).
  await expect(op(page, '[data-kind=put][data-unorderable=true]')).toHaveCount(2);
  await expect(page.getByTestId('history-broken')).toContainText('key x');
  await expect(page.locator('[data-testid=invariant][data-name=linearizability]')).toHaveAttribute('data-ok', 'false');
  expect(fresh.id).not.toBe(old.id);
});

test('drift is set per server; the leader shows its lease and a read waits at it with its read index', async ({ page }) => {
  // Leases need CheckQuorum (thesis §6.4.1, §4.2.3).
  await page.goto('?seed=3&speed=0.05&check_quorum=1');
  const l = await waitForLeader(page);
  const node = page.locator(`[data-testid=node][data-node="${l.id}"]`);
  await node.click();
  await page.getByTestId('drift').selectOption('2000');
  await expect(node.locator('.clock text')).toHaveText('×2');
  await expect(node.locator('.reads-label')).toContainText(/lease \d+ ms/);
  await pause(page);
  await read(page, 'x', 'read_index');
  await expect(node.locator('.reads-label')).toContainText(/read@(\d+|\?)/);
});

test('the read teaching bugs are switches in the settings', async ({ page }) => {
  await page.goto('?seed=3');
  for (const name of ['no-client-dedup', 'lease-without-drift-bound', 'read-without-quorum-check']) {
    const t = page.getByTestId(name);
    await expect(t).not.toBeChecked();
    await t.check();
    await expect(t).toBeChecked();
  }
});
