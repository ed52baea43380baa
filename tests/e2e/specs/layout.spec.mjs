// Layout that holds still (issue 13; WCAG 2.2, 2.4.11 and 3.2): nothing moves
// under the pointer when state changes — the "Live" button after a seek, a new
// caption or "Continue" during a scenario, an error message.
import { test, expect, waitForLeader, pause } from './fixtures.mjs';

async function timelineTop(page) {
  const box = await page.getByTestId('timeline').boundingBox();
  return Math.round(box.y);
}

for (const [w, h] of [[1280, 800], [1024, 768], [800, 900], [390, 844]]) test(`at ${w}×${h}, seeking back (the Live button appears) does not move the timeline`, async ({ page }) => {
  await page.setViewportSize({ width: w, height: h });
  await page.goto('?seed=3&speed=1');
  await waitForLeader(page);
  await pause(page);
  await page.getByTestId('timeline').scrollIntoViewIfNeeded();
  const y0 = await timelineTop(page);
  const box = await page.getByTestId('timeline').boundingBox();
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height / 2);
  await expect(page.getByTestId('live')).toBeVisible();
  expect(await timelineTop(page)).toBe(y0);
  // A second click lands where the first did: on the timeline.
  await page.mouse.click(box.x + box.width * 0.6, box.y + box.height / 2);
  expect(await timelineTop(page)).toBe(y0);
  await page.getByTestId('live').click();
  await expect(page.getByTestId('live')).toHaveCount(0);
  expect(await timelineTop(page)).toBe(y0);
});

test('captions changing, and Continue coming and going, do not move the timeline', async ({ page }) => {
  await page.goto('?scenario=first-election&speed=1');
  const caption = page.getByTestId('caption');
  await expect(caption).toContainText('All five servers');
  const y0 = await timelineTop(page);
  const seen = new Set();
  for (let i = 0; i < 6; i++) {
    await page.getByTestId('next-caption').click();
    seen.add(await caption.textContent());
    expect(await timelineTop(page), `after caption ${i + 1}`).toBe(y0);
  }
  expect(seen.size).toBeGreaterThan(3);
  await page.getByTestId('play-pause').click();
  expect(await timelineTop(page)).toBe(y0);
  await page.getByTestId('play-pause').click();
  expect(await timelineTop(page)).toBe(y0);
});

test('an error message does not move the timeline', async ({ page }) => {
  await page.goto('?seed=3&speed=1');
  await waitForLeader(page);
  await pause(page);
  const y0 = await timelineTop(page);
  const speed = page.getByTestId('speed');
  await speed.fill('-1');
  await speed.blur();
  await expect(page.getByTestId('error').first()).toBeVisible();
  expect(await timelineTop(page)).toBe(y0);
  await page.getByTestId('error').first().getByRole('button').click();
  await expect(page.getByTestId('error')).toHaveCount(0);
  expect(await timelineTop(page)).toBe(y0);
});

// The projector (issue 13): at 1280×720 the caption, the cluster, every
// server's log and the controls are on screen without scrolling.
for (const [what, query] of [['an election', '?seed=3&speed=0.2'], ['a partition', '?scenario=minority-leader&speed=1'], ['Figure 7 catch-up', '?scenario=figure-7&speed=0.5']]) {
  test(`at 1280×720, ${what} fits the screen`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(query);
    await expect(page.getByTestId('node').first()).toBeVisible();
    await page.waitForTimeout(800);
    const inView = async (loc, name) => {
      const b = await loc.boundingBox();
      expect(b, name).not.toBeNull();
      expect(b.y, `${name} top`).toBeGreaterThanOrEqual(0);
      expect(b.y + b.height, `${name} bottom`).toBeLessThanOrEqual(720);
    };
    if (query.includes('scenario')) await inView(page.getByTestId('caption-bar'), 'caption');
    await inView(page.locator('svg.cluster'), 'cluster');
    await inView(page.locator('.panel.logs'), 'logs');
    await inView(page.getByTestId('play-pause'), 'play/pause');
    await inView(page.getByTestId('timeline'), 'timeline');
    expect(await page.evaluate(() => document.scrollingElement.scrollTop)).toBe(0);
  });
}

test('labels are never hidden by messages or links: servers drawn over messages, each label with a halo', async ({ page }) => {
  await page.goto('?seed=3&speed=0.2');
  await waitForLeader(page);
  await expect(page.getByTestId('message').first()).toBeAttached();
  const r = await page.evaluate(() => {
    const svg = document.querySelector('svg.cluster');
    const msgs = svg.querySelector('g.messages'), servers = svg.querySelector('g.servers'), links = svg.querySelector('g.links');
    // SVG paints in document order: what comes later covers what came before.
    const after = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_PRECEDING);
    const panel = getComputedStyle(svg).backgroundColor;
    const labels = [...svg.querySelectorAll('.role-label, .vote-label')].map((t) => {
      const s = getComputedStyle(t);
      return { paint: s.paintOrder, stroke: s.stroke, width: parseFloat(s.strokeWidth) };
    });
    return { serversOverMessages: after(servers, msgs), serversOverLinks: after(servers, links), panel, labels };
  });
  expect(r.serversOverMessages).toBe(true);
  expect(r.serversOverLinks).toBe(true);
  expect(r.labels.length).toBe(10);
  for (const l of r.labels) {
    expect(l.paint.startsWith('stroke')).toBe(true);
    expect(l.stroke).toBe(r.panel);
    expect(l.width).toBeGreaterThanOrEqual(3);
  }
});
