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
