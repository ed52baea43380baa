// For lectures and blog posts: time travel, narrated scenarios, sharing,
// embedding, shortcuts and two languages.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test, expect, nodes, logs, waitForLeader, simMs, pause, play } from './fixtures.mjs';

async function stateKey(page) {
  const ns = await nodes(page);
  const lg = await logs(page);
  return JSON.stringify({ ns, lg });
}

test('scrubbing back shows the earlier state; acting in the past forks the future away', async ({ page }) => {
  await page.goto('?seed=12&speed=2');
  await waitForLeader(page);
  await page.getByTestId('write-value').fill('x=1');
  await page.getByTestId('write-submit').click();
  await expect(page.getByTestId('write').first()).toHaveAttribute('data-status', 'acked');
  await page.waitForTimeout(300);
  await pause(page);
  const head = await simMs(page);
  // Drag to a third of the timeline: before the write.
  const tl = page.getByTestId('timeline');
  const box = await tl.boundingBox();
  await page.mouse.click(box.x + box.width * 0.05, box.y + box.height / 2);
  const past = await simMs(page);
  expect(past).toBeLessThan(head);
  await expect(page.getByTestId('live')).toBeVisible();
  const earlier = await stateKey(page);
  // Going live and back to the same moment shows the same state.
  await page.getByTestId('live').click();
  await expect.poll(() => simMs(page)).toBe(head);
  await page.mouse.click(box.x + box.width * 0.05, box.y + box.height / 2);
  expect(await stateKey(page)).toBe(earlier);
  // Step back and forth by events.
  await page.getByTestId('timeline').focus();
  await page.keyboard.press('ArrowRight');
  expect(await simMs(page)).toBeGreaterThan(past);
  await page.keyboard.press('ArrowLeft');
  // Acting in the past forks: the old future (the write) is gone.
  await page.locator('[data-testid=node][data-node="1"]').click();
  await page.getByTestId('timeout-node').click();
  await expect(page.getByTestId('live')).toHaveCount(0);
  const t = await simMs(page);
  expect(t).toBeLessThan(head);
});

test('a shared URL reproduces the same trace at the same moment', async ({ page, context }) => {
  await page.goto('?seed=13&speed=2');
  await waitForLeader(page);
  await page.getByTestId('write-value').fill('k=v');
  await page.getByTestId('write-submit').click();
  await page.locator('[data-testid=node][data-node="2"]').click();
  await page.getByTestId('crash-node').click();
  await page.waitForTimeout(500);
  await pause(page);
  const want = await stateKey(page);
  const t = await simMs(page);
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toContain('scenario=z%3A');
  const other = await context.newPage();
  await other.goto(url);
  await expect.poll(() => simMs(other)).toBe(t);
  expect(await stateKey(other)).toBe(want);
  await other.close();
});

// The page (release build, in the browser) and `raftlab run` (native) must tell
// the same story: same seed and steps, same state at the same microsecond.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
for (const [name, ms] of [['log-replication', 2500], ['split-vote', 1200], ['figure-8', 3000], ['minority-leader', 1500]]) {
  test(`the page and the native run agree at ${ms} ms of ${name}`, async ({ page }) => {
    const bin = path.join(root, 'target', 'release', 'raftlab');
    expect(fs.existsSync(bin), 'build it first: cargo build --release --bin raftlab').toBe(true);
    const out = execFileSync(bin, ['run', path.join(root, 'static', 'scenarios', `${name}.json`), '--until-ms', String(ms)], { encoding: 'utf8' });
    const snap = JSON.parse(out.trim().split('\n').pop());
    const want = snap.nodes.map((n) => ({
      id: n.id, role: n.alive ? n.role : 'down', term: n.term,
      votedFor: n.voted_for == null ? '' : String(n.voted_for), commit: n.commit_index,
    }));
    await page.goto(`?scenario=${name}&t=${ms}`);
    await expect.poll(() => simMs(page)).toBe(ms);
    expect(await nodes(page)).toEqual(want);
    // Every log entry the table shows has the native log's term and commit state.
    const shown = await logs(page);
    for (const n of snap.nodes) {
      for (const e of shown[n.id] || []) {
        expect(n.log[e.index - 1]?.term, `S${n.id} index ${e.index}`).toBe(e.term);
        expect(e.committed, `S${n.id} index ${e.index}`).toBe(e.index <= n.commit_index);
      }
      expect((shown[n.id] || []).map((e) => e.index).pop() ?? 0).toBe(n.log.length);
    }
  });
}

test('export then import round-trips a session', async ({ page }, info) => {
  await page.goto('?seed=14&speed=2');
  await waitForLeader(page);
  await page.getByTestId('write-value').fill('a=1');
  await page.getByTestId('write-submit').click();
  await page.locator('[data-testid=node][data-node="3"]').click();
  await page.getByTestId('crash-node').click();
  await page.waitForTimeout(300);
  await pause(page);
  const exportTo = async (name) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    const file = info.outputPath(name);
    await download.saveAs(file);
    return file;
  };
  const first = await exportTo('session.json');
  const json = JSON.parse(fs.readFileSync(first, 'utf8'));
  expect(json.format).toBe('raftlab-scenario/1');
  expect(json.seed).toBe(14);
  expect(json.steps.map((s) => s.do)).toEqual(['write', 'crash']);
  await page.getByTestId('import-file').setInputFiles(first);
  await expect(page.getByTestId('caption-bar')).toBeVisible();
  // Exporting the imported session gives the same file back.
  const second = await exportTo('again.json');
  expect(JSON.parse(fs.readFileSync(second, 'utf8'))).toEqual(json);
  // And replaying it does what the session did: the write is acknowledged, S3 goes down.
  await page.getByTestId('speed').fill('4');
  await page.getByTestId('speed').press('Enter');
  await play(page);
  await expect(page.locator('[data-testid=write][data-status=acked]')).toHaveCount(1);
  await expect(page.locator('[data-testid=node][data-node="3"]')).toHaveAttribute('data-role', 'down');
});

test('malformed imports and URLs give messages, not panics', async ({ page }, info) => {
  await page.goto('?scenario=no-such-scenario');
  await expect(page.locator('.errors')).toContainText('no shipped scenario "no-such-scenario"');
  await page.goto('?scenario=z:AAAA!!');
  await expect(page.locator('.errors')).toContainText('scenario');
  await page.goto('?scenario=' + encodeURIComponent('{"format":"raftlab-scenario/1","steps":[{"at_ms":5,"do":"explode"}]}'));
  await expect(page.locator('.errors')).toContainText('step 1: unknown "do": "explode"');
  const bad = info.outputPath('bad.json');
  fs.writeFileSync(bad, '{"format": "raftlab-scenario/1", "cluster": {"nodes": 42}}');
  await page.getByTestId('import-file').setInputFiles(bad);
  await expect(page.locator('.errors')).toContainText('"nodes" must be a whole number from 1 to 9');
  fs.writeFileSync(bad, 'not json at all');
  await page.getByTestId('import-file').setInputFiles(bad);
  await expect(page.locator('.errors')).toContainText('not valid JSON');
  await expect(page.getByTestId('node')).toHaveCount(5);
});

test('a narrated scenario: captions, pause points, next and previous', async ({ page }) => {
  await page.goto('?scenario=first-election&speed=1');
  const caption = page.getByTestId('caption');
  await expect(caption).toContainText('All five servers start as followers');
  // The first step is a pause: playback waits for the viewer.
  await expect(page.getByTestId('play-pause')).toHaveAttribute('data-playing', 'false');
  await page.getByTestId('continue').click();
  await expect(caption).toContainText('S2', { timeout: 10_000 });
  await page.getByTestId('next-caption').click();
  const third = await caption.textContent();
  await page.getByTestId('prev-caption').click();
  await expect(caption).not.toHaveText(third);
  await page.getByTestId('next-caption').click();
  await expect(caption).toHaveText(third);
});

test('the scenario menu lists the shipped scenarios and loads one', async ({ page }) => {
  await page.goto('?speed=1');
  const menu = page.getByTestId('scenario-menu');
  await expect(menu.locator('option')).toHaveCount(29); // free play + 28 shipped
  await menu.selectOption('figure-7');
  await expect(page.getByTestId('node')).toHaveCount(7);
  await expect(page.getByTestId('caption')).toContainText('Figure 7');
});

for (const lang of ['en', 'zh']) test(`Figure 8 with the teaching bug turns State Machine Safety red, said why in ${lang}`, async ({ page }) => {
  await page.goto(`?scenario=figure-8-bug&speed=4&lang=${lang}`);
  for (let i = 0; i < 10; i++) {
    const c = page.getByTestId('continue');
    if (await c.count()) await c.click();
    if ((await page.locator('[data-testid=invariant][data-name=state-machine-safety][data-ok=false]').count()) > 0) break;
    await page.waitForTimeout(400);
  }
  await expect(page.locator('[data-testid=invariant][data-name=state-machine-safety]')).toHaveAttribute('data-ok', 'false');
  await expect(page.locator('[data-testid=invariant][data-name=election-safety]')).toHaveAttribute('data-ok', 'true');
  // Why, in the page's language (the simulation's sentence, through src/text).
  const why = page.locator('[data-testid=invariant][data-name=state-machine-safety] .why small');
  await expect(why).toHaveText(lang === 'zh' ? /^S\d 在索引 \d+ 处应用的条目与 S\d 不同$/ : /^S\d applied a different entry at index \d+ than S\d did$/);
});

test('embed mode at 360 px from a sub-path of a static host', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 640 });
  await page.goto('http://127.0.0.1:8092/blog/raft/?embed=1&scenario=leader-crash&speed=2');
  await expect(page.getByTestId('node')).toHaveCount(5);
  await expect(page.getByTestId('caption')).toContainText('S2');
  await expect(page.getByTestId('timeline')).toBeVisible();
  await expect(page.getByTestId('play-pause')).toBeVisible();
  await expect(page.getByTestId('open-full')).toHaveAttribute('href', /\/blog\/raft\/\?scenario=leader-crash/);
  expect(await page.locator('header.top').count()).toBe(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the embed dialog gives a ready iframe snippet', async ({ page }) => {
  await page.goto('?scenario=split-vote');
  await expect(page.getByTestId('caption')).toBeVisible();
  await page.getByTestId('embed').click();
  const code = await page.getByTestId('embed-code').inputValue();
  expect(code).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:8091\/\?embed=1&amp;scenario=split-vote/);
});

test('every keyboard shortcut', async ({ page }) => {
  await page.goto('?seed=15&speed=1');
  const leader = await waitForLeader(page);
  const playing = () => page.getByTestId('play-pause').getAttribute('data-playing');
  await page.keyboard.press('Space');
  expect(await playing()).toBe('false');
  await page.keyboard.press('.');
  expect(await playing()).toBe('true');
  await page.keyboard.press('.');
  // [ and ] change speed.
  await page.keyboard.press(']');
  await expect(page.getByTestId('speed')).toHaveValue('2');
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  await expect(page.getByTestId('speed')).toHaveValue('0.5');
  // → and ← move event by event.
  const t0 = await simMs(page);
  await page.keyboard.press('ArrowRight');
  const t1 = await simMs(page);
  expect(t1).toBeGreaterThan(t0);
  await page.keyboard.press('ArrowLeft');
  expect(await simMs(page)).toBeLessThan(t1);
  await page.keyboard.press('l');
  // R restarts the leader: it comes back as a follower.
  await page.keyboard.press('r');
  await expect(page.locator(`[data-testid=node][data-node="${leader.id}"]`)).not.toHaveAttribute('data-role', 'leader');
  // T and A rearrange election timers.
  await page.keyboard.press('t');
  await expect(page.locator('.feed')).toContainText('election timers spread out');
  await page.keyboard.press('a');
  await expect(page.locator('.feed')).toContainText('election timers aligned');
  // B brings crashed servers back.
  await page.locator('[data-testid=node][data-node="3"]').click();
  await page.getByTestId('crash-node').click();
  await expect(page.locator('[data-testid=node][data-node="3"]')).toHaveAttribute('data-role', 'down');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('b');
  await expect(page.locator('[data-testid=node][data-node="3"]')).not.toHaveAttribute('data-role', 'down');
  // C focuses the write box.
  await page.keyboard.press('c');
  await expect(page.getByTestId('write-value')).toBeFocused();
  await page.keyboard.press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  // F toggles presenter mode; ? opens the help overlay listing every shortcut.
  await page.keyboard.press('f');
  await expect(page.locator('.app.presenter')).toHaveCount(1);
  await page.keyboard.press('?');
  const help = page.getByTestId('help-overlay');
  await expect(help).toBeVisible();
  await expect(help.locator('kbd')).toHaveCount(12);
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await expect(help).toHaveCount(0);
});

test('the language button names the language it switches to, in that language', async ({ page }) => {
  await page.goto('?lang=en');
  const b = page.getByTestId('lang');
  await expect(b).toHaveText('中文');
  await expect(b).toHaveAttribute('lang', 'zh');
  await b.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(b).toHaveText('English');
  await expect(b).toHaveAttribute('lang', 'en');
});

test('the Chinese page has no English left in its controls', async ({ page }) => {
  await page.goto('?lang=zh&scenario=minority-leader');
  await expect(page.getByTestId('caption')).toContainText('S2');
  await page.locator('[data-testid=node][data-node="1"]').click();
  const texts = await page.evaluate(() => {
    const out = [];
    const sel = 'button, label, option, summary, h1, h2, h3, th, dt, .caption, .hint, [aria-label], [title], [placeholder]';
    for (const el of document.querySelectorAll(sel)) {
      if (el.closest('.feed, .write-list, code, .logs td')) continue;
      for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
      if (!el.matches('[data-testid=lang]')) out.push(el.textContent);
    }
    return out;
  });
  const allowed = /Raft|AppendEntries|ReadIndex|S\d|ms/g;
  const english = texts.map((t) => t.replace(allowed, '')).filter((t) => /[A-Za-z]{2,}/.test(t));
  expect(english).toEqual([]);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
});

test('the staging editor builds an init and starts from it', async ({ page }) => {
  await page.goto('?speed=1');
  await page.getByTestId('stage').click();
  const terms = page.getByTestId('stage-term');
  const logs_ = page.getByTestId('stage-log');
  await terms.nth(0).fill('3');
  await terms.nth(0).dispatchEvent('change');
  await logs_.nth(0).fill('1 1 3');
  await logs_.nth(0).dispatchEvent('change');
  await terms.nth(1).fill('1');
  await terms.nth(1).dispatchEvent('change');
  await logs_.nth(1).fill('1 2');
  await logs_.nth(1).dispatchEvent('change');
  await page.getByTestId('stage-start').click();
  await expect(page.getByTestId('error')).toContainText('S2');
  await logs_.nth(1).fill('1');
  await logs_.nth(1).dispatchEvent('change');
  // S1's term-3 entry needs a majority that has seen term 3 (§5.1): refused,
  // naming the servers, until two more servers are at term 3.
  await page.getByTestId('stage-start').click();
  await expect(page.getByTestId('error')).toContainText('S1 holds an entry of term 3');
  for (const i of [2, 3]) {
    await terms.nth(i).fill('3');
    await terms.nth(i).dispatchEvent('change');
  }
  await page.getByTestId('stage-start').click();
  await expect(page.locator('[data-testid=log-entry][data-node="1"]')).toHaveCount(3);
  await expect(page.locator('[data-testid=node][data-node="1"]')).toHaveAttribute('data-term', /^[3-9]|\d\d/);
});

test('start over returns a scenario to time zero, script and all, and free play leaves it', async ({ page }) => {
  await page.goto('?scenario=leader-crash&speed=4');
  await expect(page.getByTestId('caption')).toContainText('S2');
  await page.waitForTimeout(500);
  await page.locator('[data-testid=node][data-node="4"]').click();
  await page.getByTestId('crash-node').click();
  await expect(page.locator('.caption-bar')).toContainText('You took over');
  await page.getByTestId('reset').click();
  expect(await simMs(page)).toBe(0);
  await expect(page.locator('.caption-bar')).not.toContainText('You took over');
  await page.getByTestId('scenario-menu').selectOption('');
  await expect(page.getByTestId('caption-bar')).toHaveCount(0);
  await waitForLeader(page);
});
