// What every browser test needs: Debian's Chromium as a phone (375 × 812, touch, zh-CN, city
// time zone), and the few helpers for Taro's H5 pages. One place, so the tests differ only in
// what they check.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

/** Flags for a headless Chromium on a machine with no network but loopback (stack.md). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh Chromium profile as a phone; with `geolocation`, the position is granted and set. */
export async function launchPhone({ geolocation } = {}) {
  await mkdir(ARTIFACTS, { recursive: true });
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'xc-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(geolocation ? { geolocation, permissions: ['geolocation'] } : {}),
  });
  if (geolocation) {
    await context.grantPermissions(['geolocation'], { origin: BASE_URL });
    await context.setGeolocation(geolocation);
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Helpers on the page `getPage()` returns (the page is created in `before`). `ignore`: selectors of
 * elements allowed past the viewport's edges (clipped carousels, hidden file inputs, canvases).
 */
export function taroHelpers(getPage, { ignore = [] } = {}) {
  /** Wait until Taro's page slide-in animation has finished (the entering page is off-screen during it). */
  async function pageSettled() {
    await getPage().waitForFunction(() => {
      const pages = [...document.querySelectorAll('.taro_page')].filter((el) => getComputedStyle(el).display !== 'none');
      // Taro marks a page stationed on a timer; on a loaded machine its slide-in can still be running
      // then (a page measured 3 px short of its place once in CI): wait for finite animations too.
      const moving = document
        .getAnimations()
        .some(
          (a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity && a.effect?.target?.closest?.('.taro_page'),
        );
      return pages.length > 0 && pages.every((el) => el.classList.contains('taro_page_stationed')) && !moving;
    });
  }

  /** The page on top (Taro H5 keeps earlier pages in the DOM, hidden). */
  function current() {
    return getPage().locator('.taro_page:visible').last();
  }

  function exact(text) {
    return current().getByText(text, { exact: true }).first();
  }

  /**
   * No horizontal scroll, and no visible element sticking out of the viewport (it would be cut off),
   * once the layout has settled: right after a viewport change a page was measured 3 px off its place
   * now and then on a loaded machine (Taro's rem script runs again 500 ms after a resize), so a
   * finding must still be there 2 s later to fail.
   */
  async function assertNoHorizontalScroll(label) {
    const measure = () =>
      getPage().evaluate((skip) => {
        const width = document.documentElement.clientWidth;
        const out = [...document.querySelectorAll('.taro_page *')]
          .filter((el) => {
            if (skip.some((s) => el.closest(s) || el.matches(s))) return false;
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && (r.right > width + 1 || r.left < -1);
          })
          .filter((el) => getComputedStyle(el).visibility !== 'hidden')
          .slice(0, 5)
          .map(
            (el) =>
              `${el.tagName.toLowerCase()}.${el.className} [${Math.round(el.getBoundingClientRect().left)}, ${Math.round(el.getBoundingClientRect().right)}]`,
          );
        return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, overflowing: out };
      }, ignore);
    let m = await measure();
    for (let i = 0; i < 8 && (m.scrollWidth > m.clientWidth || m.overflowing.length); i++) {
      await getPage().waitForTimeout(250);
      m = await measure();
    }
    assert.ok(m.scrollWidth <= m.clientWidth, `${label}: horizontal scroll (scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth})`);
    assert.deepEqual(m.overflowing, [], `${label}: elements wider than the ${m.clientWidth}px viewport`);
  }

  /** Signs in as a demo account from 我的 (signing out first), and waits for 首页. */
  async function loginAs(username) {
    const page = getPage();
    await page.goto(`${BASE_URL}/pages/me/index`, { waitUntil: 'domcontentloaded' });
    await current().locator('.me__logout, .state-view').first().waitFor({ state: 'visible' });
    await pageSettled();
    if (await current().getByText('退出登录', { exact: true }).count()) await current().locator('.me__logout .nut-button').click();
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

  return { pageSettled, current, exact, assertNoHorizontalScroll, loginAs };
}

/**
 * The steps of a walk through the staff pages (log in as a demo account, open a case from the
 * 工作台 by its number, press an action, confirm its sheet) and the screenshots and 320 px checks
 * every walk takes. `failurePrefix`: a failing step leaves `<prefix>-failure-<step>.png`.
 */
export function staffFlow(getPage, { ignore = [], failurePrefix = 'browser' } = {}) {
  const { assertNoHorizontalScroll, pageSettled, current, exact } = taroHelpers(getPage, { ignore });

  /** A real JPEG, encoded by the browser. `after`: the same street, cleaned. */
  async function realJpeg(after = false) {
    const dataUrl = await getPage().evaluate((cleaned) => {
      const c = document.createElement('canvas');
      c.width = 640;
      c.height = 480;
      const g = c.getContext('2d');
      g.fillStyle = '#b9d7f2';
      g.fillRect(0, 0, 640, 220);
      g.fillStyle = '#d8d2c4';
      g.fillRect(40, 90, 160, 150);
      g.fillRect(380, 60, 200, 180);
      g.fillStyle = '#8f959e';
      g.fillRect(0, 240, 640, 240);
      g.fillStyle = '#4caf50';
      g.fillRect(0, 220, 640, 30);
      if (!cleaned) {
        g.fillStyle = '#6b4f2a';
        g.beginPath();
        g.ellipse(300, 300, 120, 40, 0, 0, Math.PI * 2);
        g.fill();
        g.fillStyle = '#212121';
        g.fillRect(250, 270, 50, 36);
        g.fillStyle = '#f5f5f5';
        g.fillRect(320, 275, 50, 25);
      }
      return c.toDataURL('image/jpeg', 0.85);
    }, after);
    return Buffer.from(dataUrl.split(',')[1], 'base64');
  }

  /** A screenshot of the whole page: Taro's page scrolls inside the viewport, so grow the viewport. */
  async function fullShot(name) {
    const size = getPage().viewportSize();
    const height = await getPage().evaluate(() => {
      const el = [...document.querySelectorAll('.taro_page')].filter((p) => getComputedStyle(p).display !== 'none').pop();
      return Math.max(el?.scrollHeight ?? 0, document.documentElement.scrollHeight);
    });
    await getPage().setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 4000) });
    await getPage().waitForTimeout(300);
    await getPage().screenshot({ path: path.join(ARTIFACTS, name) });
    await getPage().setViewportSize(size);
    await getPage().waitForTimeout(300);
  }

  /** The same screen at 320 px: nothing sticks out. */
  async function at320(label) {
    const size = getPage().viewportSize();
    await getPage().setViewportSize({ width: 320, height: 700 });
    await getPage().waitForTimeout(500);
    await assertNoHorizontalScroll(`${label} at 320px`);
    await getPage().setViewportSize(size);
    await getPage().waitForTimeout(500);
  }

  /** A screenshot of what is on screen now (a bottom sheet over the page). */
  async function shot(name) {
    await getPage().waitForTimeout(300);
    await getPage().screenshot({ path: path.join(ARTIFACTS, name) });
  }

  function step(name, fn) {
    return async (t) => {
      try {
        await fn(t);
      } catch (err) {
        await getPage()
          .screenshot({ path: path.join(ARTIFACTS, `${failurePrefix}-failure-${name}.png`), fullPage: true })
          .catch(() => undefined);
        throw err;
      }
    };
  }

  /** 我的 → 退出登录 (when logged in) → 登录 → pick the account; back on 首页 greeted by name. */
  async function loginAs(username) {
    await getPage().goto(`${BASE_URL}/pages/me/index`, { waitUntil: 'domcontentloaded' });
    await current().locator('.me__logout, .state-view').first().waitFor({ state: 'visible' });
    await pageSettled();
    if (await current().getByText('退出登录', { exact: true }).count()) {
      await current().locator('.me__logout .nut-button').click();
    }
    await exact('您还没有登录').waitFor({ state: 'visible' });
    await current().locator('.nut-button').filter({ hasText: '登录' }).click();
    const account = getPage().locator(`[data-username="${username}"]`);
    await account.waitFor({ state: 'visible' });
    await pageSettled();
    await account.click();
    await getPage()
      .getByText(/^您好，/)
      .first()
      .waitFor({ state: 'visible' });
    await pageSettled();
  }

  /** 首页 → 工作台 → the card with this case number → the staff case getPage(). */
  async function openFromWorkbench(no, shotName) {
    await exact('工作台').click();
    await current().locator('.workbench__header').waitFor({ state: 'visible' });
    await pageSettled();
    const card = current().locator(`[data-case-no="${no}"]`);
    await card.waitFor({ state: 'visible' });
    await current().locator('[data-testid="role-badge"]').first().waitFor({ state: 'visible' });
    // The counts have arrived (no placeholder left).
    await getPage().waitForFunction(() =>
      [...document.querySelectorAll('.taro_page_stationed .counts__num')].every((n) => n.textContent !== '…'),
    );
    await assertNoHorizontalScroll('workbench');
    if (shotName) {
      await at320('workbench');
      await fullShot(shotName);
    }
    await card.click();
    await current().locator('[data-testid="action-bar"]').waitFor({ state: 'visible' });
    await pageSettled();
    await current().getByText(`案件编号 ${no}`, { exact: true }).waitFor({ state: 'visible' });
  }

  /** The action buttons shown, in order (from nextActions). */
  async function actionButtons() {
    return current()
      .locator('[data-testid="action-bar"] [data-action]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
  }

  async function press(action) {
    await current().locator(`[data-testid="action-bar"] [data-action="${action}"]`).click();
  }

  async function confirmSheet(text) {
    await getPage().locator('.action-sheet__buttons .nut-button').filter({ hasText: text }).click();
  }

  async function doneBanner(re) {
    const banner = current().locator('[data-testid="banner"]');
    // The banner of the previous move stays until this one's answer arrives: wait for this one's text.
    await banner.filter({ hasText: re }).waitFor({ state: 'visible' });
    assert.match(await banner.innerText(), re);
  }

  return {
    assertNoHorizontalScroll,
    pageSettled,
    current,
    exact,
    realJpeg,
    fullShot,
    at320,
    shot,
    step,
    loginAs,
    openFromWorkbench,
    actionButtons,
    press,
    confirmSheet,
    doneBanner,
  };
}
