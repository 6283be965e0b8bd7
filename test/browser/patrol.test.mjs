// 巡查 in Chromium (H5), through the UI: demo-inspector opens 巡查 from the 工作台, starts a patrol,
// walks north through their grid 411002001001002 (西大街道顺城社区第2网格, checked against
// GET /api/v1/me and /api/v1/grids/:code) while the context's geolocation moves, loses the network
// for a stretch (the points wait on the device: 离线 n 条待上传) and gets it back (they go up),
// stops, and finds the patrol stored on the server (points > 0) and 我的本周 rendered.
// Needs a running server (demo mode) that serves the H5 build:
//   BASE_URL=http://127.0.0.1:3000 node --test test/browser/patrol.test.mjs
// Screenshots: test/artifacts/patrol-1-… to patrol-6-….
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, BASE_URL, launchPhone, taroHelpers } from './support.mjs';

const GRID = '411002001001002';
/** A walk north along 113.8222 inside grid 411002001001002 (113.820–113.825 × 34.026–34.034), ~18 m a step. */
const WALK = Array.from({ length: 40 }, (_, i) => ({
  latitude: 34.0272 + i * 0.00016,
  longitude: 113.8222 + (i % 8 < 4 ? i % 4 : 4 - (i % 4)) * 0.00004,
  accuracy: 8,
}));

let phone;
let context;
let page;

before(async () => {
  phone = await launchPhone({ geolocation: WALK[0] });
  page = phone.page;
  context = phone.context;
});

after(async () => {
  await phone?.close();
});

const { assertNoHorizontalScroll, pageSettled, current, exact } = taroHelpers(() => page, { ignore: ['.sketch__canvas'] });

async function api(pathname, token) {
  const res = await fetch(`${BASE_URL}${pathname}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  assert.equal(res.status, 200, `${pathname}: HTTP ${res.status}`);
  return res.json();
}

async function inspectorToken() {
  const res = await fetch(`${BASE_URL}/api/v1/auth/demo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo-inspector' }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).accessToken;
}

/** Ray casting on the GeoJSON ring ([lng, lat]). */
function inside(ring, lat, lng) {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

async function fullShot(name) {
  const size = page.viewportSize();
  const height = await page.evaluate(() => {
    const el = [...document.querySelectorAll('.taro_page')].filter((p) => getComputedStyle(p).display !== 'none').pop();
    return Math.max(el?.scrollHeight ?? 0, document.documentElement.scrollHeight);
  });
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 4000) });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, name) });
  await page.setViewportSize(size);
  await page.waitForTimeout(300);
}

async function shot(name) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, name) });
}

async function at320(label) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 700 });
  await page.waitForTimeout(500);
  await assertNoHorizontalScroll(`${label} at 320px`);
  await page.setViewportSize(size);
  await page.waitForTimeout(500);
}

function step(name, fn) {
  return async (t) => {
    try {
      await fn(t);
    } catch (err) {
      await page.screenshot({ path: path.join(ARTIFACTS, `patrol-failure-${name}.png`), fullPage: true }).catch(() => undefined);
      throw err;
    }
  };
}

async function loginAs(username) {
  await page.goto(`${BASE_URL}/pages/me/index`, { waitUntil: 'domcontentloaded' });
  await current().locator('.me__logout, .state-view').first().waitFor({ state: 'visible' });
  await pageSettled();
  if (await current().getByText('退出登录', { exact: true }).count()) {
    await current().locator('.me__logout .nut-button').click();
  }
  await exact('您还没有登录').waitFor({ state: 'visible' });
  await current().locator('.nut-button').filter({ hasText: '登录' }).click();
  const account = page.locator(`[data-username="${username}"]`);
  await account.waitFor({ state: 'visible' });
  await pageSettled();
  await account.click();
  await page
    .getByText(/^您好，/)
    .first()
    .waitFor({ state: 'visible' });
  await pageSettled();
}

/** Moves the device through WALK[from..to), one fix every `ms`. */
async function walk(from, to, ms = 1600) {
  for (let i = from; i < to; i++) {
    await context.setGeolocation(WALK[i]);
    await page.waitForTimeout(ms);
  }
}

async function pendingText() {
  return (await current().locator('[data-testid="pending"]').innerText()).trim();
}

let patrolId;

test('0 the walk lies inside one of demo-inspector’s grids', async () => {
  const token = await inspectorToken();
  const me = await api('/api/v1/me', token);
  assert.ok(
    me.grids.some((g) => g.code === GRID),
    `demo-inspector looks after ${GRID}: ${JSON.stringify(me.grids)}`,
  );
  const grid = await api(`/api/v1/grids/${GRID}`);
  for (const p of WALK)
    assert.ok(inside(grid.polygon.coordinates[0], p.latitude, p.longitude), `${p.latitude}, ${p.longitude} inside ${GRID}`);
});

test(
  '1 demo-inspector opens 巡查 from the 工作台 and sees 我的本周',
  step('open', async () => {
    await loginAs('demo-inspector');
    await exact('工作台').click();
    await current().locator('[data-testid="patrol-entry"]').waitFor({ state: 'visible' });
    await pageSettled();
    await current().locator('[data-testid="patrol-entry"]').click();
    await current().locator('[data-testid="patrol-toggle"]').waitFor({ state: 'visible' });
    await pageSettled();
    await current().locator('[data-testid="week-card"]').waitFor({ state: 'visible' });
    assert.equal((await current().locator('[data-testid="patrol-state"]').innerText()).trim(), '未在巡查');
    const ring = current().locator('[data-testid="week-ring"]');
    assert.equal(await ring.getAttribute('aria-valuemax'), '3');
    assert.match(await current().locator('[data-testid="week-today"]').innerText(), /今日覆盖\s*\d+%/);
    assert.match(await current().locator('[data-testid="week-card"]').innerText(), /西大街道顺城社区第2网格/);
    // The week as people read it: 第49周（11月30日–12月6日）, never 2026-W49.
    assert.match(await current().locator('[data-testid="week-title"]').innerText(), /^第\d+周（\d+月\d+日–\d+月\d+日）$/);
    // The outlines of the assigned grids are drawn before any walking.
    await page.waitForFunction(() => document.querySelectorAll('.taro_page_stationed .sketch__line--outline').length > 0);
    await assertNoHorizontalScroll('patrol idle');
    await at320('patrol idle');
    await fullShot('patrol-1-idle.png');
  }),
);

test(
  '2 starts and records while walking north through the grid',
  step('start', async () => {
    await current().locator('[data-testid="patrol-toggle"]').click();
    await current().locator('[data-testid="patrol-state"]').getByText('巡查中', { exact: true }).waitFor({ state: 'visible' });
    await walk(1, 14);
    await page.waitForFunction(() => Number(document.querySelector('.taro_page_stationed [data-testid="points"]')?.textContent ?? 0) >= 8);
    assert.match(await current().locator('[data-testid="elapsed"]').innerText(), /^00:00:[1-5]\d$/);
    assert.match(await current().locator('[data-testid="distance"]').innerText(), /^\d+ 米$/);
    await current().locator('[data-testid="place"]').getByText('当前在负责网格：西大街道顺城社区第2网格').waitFor({ state: 'visible' });
    const points = Number(await current().locator('[data-testid="track-sketch"]').getAttribute('data-points'));
    assert.ok(points >= 8, `track has ${points} points`);
    await assertNoHorizontalScroll('patrol recording');
    await at320('patrol recording');
    await shot('patrol-2-recording.png');
  }),
);

test(
  '3 without network the points wait on the device: 离线 n 条待上传',
  step('offline', async () => {
    await context.setOffline(true);
    await walk(14, 26);
    const text = await pendingText();
    const m = /^离线 (\d+) 条待上传$/.exec(text);
    assert.ok(m, `pending line: ${text}`);
    assert.ok(Number(m[1]) >= 8, text);
    // Kept in storage on the device, not in memory only.
    const waiting = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('xc.patrol.v1.'));
      // Taro H5 storage wraps the value: {"data": "<our JSON>"}.
      const store = JSON.parse(JSON.parse(localStorage.getItem(key)).data);
      return store.patrols.reduce((n, p) => n + p.pending.length, 0);
    });
    assert.equal(waiting, Number(m[1]), 'the waiting points are in storage');
    await current().locator('[data-testid="upload-status"]').scrollIntoViewIfNeeded();
    await shot('patrol-3-offline.png');
  }),
);

test(
  '4 back online, the waiting points go up in batches',
  step('online', async () => {
    await context.setOffline(false);
    await page.waitForFunction(
      () => document.querySelector('.taro_page_stationed [data-testid="pending"]')?.textContent?.trim() === '点位已全部上传',
      null,
      { timeout: 30_000 },
    );
    await walk(26, 30);
    await page.evaluate(() => document.querySelector('.taro_page_stationed')?.scrollTo?.(0, 0));
    await fullShot('patrol-4-back-online.png');
  }),
);

test(
  '4b leaving the page does not stop the patrol: the 工作台 says it runs, the track goes on',
  step('away', async () => {
    const before = Number(await current().locator('[data-testid="points"]').innerText());
    await page.goBack();
    const entry = current().locator('[data-testid="patrol-entry"]');
    await entry.waitFor({ state: 'visible' });
    await pageSettled();
    assert.match(await entry.innerText(), /巡查中/);
    await walk(30, 34);
    await assertNoHorizontalScroll('workbench with a patrol running');
    await shot('patrol-4b-workbench-running.png');
    await entry.click();
    await current().locator('[data-testid="patrol-toggle"]').waitFor({ state: 'visible' });
    await pageSettled();
    const after = Number(await current().locator('[data-testid="points"]').innerText());
    assert.ok(after >= before + 3, `points went on while away: ${before} → ${after}`);
  }),
);

test(
  '5 stops; the patrol is stored with its points and 我的本周 renders',
  step('stop', async () => {
    await current().locator('[data-testid="patrol-toggle"]').click();
    const modal = page.locator('.taro__modal');
    await modal.getByText('结束本次巡查？').waitFor({ state: 'visible' });
    await shot('patrol-5a-stop-confirm.png');
    await modal.locator('.taro-modal__foot').getByText('结束巡查', { exact: true }).click();
    await current().locator('[data-testid="patrol-state"]').getByText('未在巡查', { exact: true }).waitFor({ state: 'visible' });
    const last = current().locator('[data-testid="last-patrol"]');
    await last.waitFor({ state: 'visible', timeout: 30_000 });
    patrolId = await last.getAttribute('data-patrol-id');
    assert.ok(patrolId, 'the finished patrol names its id');
    const token = await inspectorToken();
    const stored = await api(`/api/v1/patrols/${patrolId}`, token);
    assert.ok(stored.points > 0, `points stored: ${stored.points}`);
    assert.ok(stored.points >= 20, `most of the walk stored: ${stored.points}`);
    assert.ok(stored.finishedAt, 'finished');
    assert.ok(stored.distanceM > 100, `distance ${stored.distanceM} m`);
    assert.match(await last.innerText(), new RegExp(`${stored.points} 个轨迹点已上传`));
    await current().locator('[data-testid="week-card"]').waitFor({ state: 'visible' });
    assert.match(await current().locator('[data-testid="week-verdict"]').innerText(), /本周已达标|还差 \d 个半天/);
    const week = await api('/api/v1/patrols/mine/week', token);
    assert.equal(await current().locator('[data-testid="week-ring"]').getAttribute('aria-valuenow'), String(week.achievedHalfDays));
    await assertNoHorizontalScroll('patrol finished');
    await at320('patrol finished');
    await fullShot('patrol-6-finished.png');
  }),
);

test(
  '6 the 工作台 says no patrol runs and nothing waits',
  step('workbench', async () => {
    await page.goBack();
    await current().locator('[data-testid="patrol-entry"]').waitFor({ state: 'visible' });
    assert.match(await current().locator('[data-testid="patrol-entry"]').innerText(), /开始巡查/);
  }),
);
