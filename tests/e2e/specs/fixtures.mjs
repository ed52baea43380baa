// Shared helpers: a page that fails the test on any console error, and readers
// of the page contract (DESIGN.md).
import { test as base, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';


export const test = base.extend({
  page: async ({ page }, use) => {
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await use(page);
    // A test that provokes errors on purpose names them: page.expectedErrors = /…/.
    expect(errors.filter((e) => !page.expectedErrors?.test(e)), 'console errors').toEqual([]);
  },
});
export { expect };

/** Every server's attributes. */
export async function nodes(page) {
  return page.locator('[data-testid=node]').evaluateAll((els) => els.map((e) => ({
    id: Number(e.dataset.node), role: e.dataset.role, term: Number(e.dataset.term),
    votedFor: e.dataset.votedFor, commit: Number(e.dataset.commit),
  })));
}

/** Each server's log as "index:term" strings. */
export async function logs(page) {
  const entries = await page.locator('[data-testid=log-entry]').evaluateAll((els) => els.map((e) => ({
    node: Number(e.dataset.node), index: Number(e.dataset.index), term: Number(e.dataset.term),
    committed: e.dataset.committed === 'true',
  })));
  const by = {};
  for (const e of entries) (by[e.node] ||= []).push(e);
  return by;
}

export async function leaders(page) {
  return (await nodes(page)).filter((n) => n.role === 'leader');
}

/** Waits for a leader in the highest term and returns it. */
export async function waitForLeader(page, pred = () => true) {
  let found;
  await expect.poll(async () => {
    const ns = await nodes(page);
    const top = Math.max(...ns.filter((n) => n.role !== 'down').map((n) => n.term));
    found = ns.find((n) => n.role === 'leader' && n.term === top && pred(n));
    return !!found;
  }, { timeout: 20_000 }).toBe(true);
  return found;
}

export async function simMs(page) {
  return Number(await page.getByTestId('sim-time').getAttribute('data-ms'));
}

export async function pause(page) {
  const b = page.getByTestId('play-pause');
  if ((await b.getAttribute('data-playing')) === 'true') await b.click();
  await expect(b).toHaveAttribute('data-playing', 'false');
}

// Paused: steps until a message is in flight (a heartbeat is never far away).
export async function stepUntilMessage(page) {
  await pause(page);
  for (let i = 0; i < 50 && (await page.getByTestId('message').count()) === 0; i++) {
    await page.getByTestId('step').click();
  }
  expect(await page.getByTestId('message').count()).toBeGreaterThan(0);
}

export async function play(page) {
  const b = page.getByTestId('play-pause');
  if ((await b.getAttribute('data-playing')) === 'false') await b.click();
  await expect(b).toHaveAttribute('data-playing', 'true');
}

export function link(page, a, b) {
  const [x, y] = a < b ? [a, b] : [b, a];
  return page.locator(`[data-testid=link][data-a="${x}"][data-b="${y}"]`);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE = fs.readFileSync(path.join(here, '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** axe-core's serious and critical findings (WCAG 2.2 A/AA) on the page as it is. */
export async function axeSerious(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'],
    });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}
