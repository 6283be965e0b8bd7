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
      return pages.length > 0 && pages.every((el) => el.classList.contains('taro_page_stationed'));
    });
  }

  /** The page on top (Taro H5 keeps earlier pages in the DOM, hidden). */
  function current() {
    return getPage().locator('.taro_page:visible').last();
  }

  function exact(text) {
    return current().getByText(text, { exact: true }).first();
  }

  /** No horizontal scroll, and no visible element sticking out of the viewport (it would be cut off). */
  async function assertNoHorizontalScroll(label) {
    const { scrollWidth, clientWidth, overflowing } = await getPage().evaluate((skip) => {
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
    assert.ok(scrollWidth <= clientWidth, `${label}: horizontal scroll (scrollWidth ${scrollWidth} > clientWidth ${clientWidth})`);
    assert.deepEqual(overflowing, [], `${label}: elements wider than the ${clientWidth}px viewport`);
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
