// The H5 home page in Chromium: title, entries, no horizontal scroll at 375 and 320 px, and the
// demo login through the picker. Needs a running server that serves the built H5 at `/`:
//   BASE_URL=http://127.0.0.1:3000 node --test test/browser/home.test.mjs
// Screenshots go to test/artifacts/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, BASE_URL, launchPhone, taroHelpers } from './support.mjs';
const TITLE = '许昌智慧城管便民服务平台';
const ENTRIES = ['我要上报', '我的上报', '排行榜', '考评通报'];

let phone;
let page;

before(async () => {
  phone = await launchPhone();
  ({ page } = phone);
  page.setDefaultTimeout(15_000);
});

after(async () => {
  await phone?.close();
});

const { assertNoHorizontalScroll, pageSettled } = taroHelpers(() => page);

/** Text on the page, exactly, and visible. */
function exact(text) {
  return page.getByText(text, { exact: true }).first();
}

test('home page shows the title, the four entries and the figures, without horizontal scroll', async () => {
  await page.goto(`${BASE_URL}/`, { waitUntil: 'domcontentloaded' });
  await exact(TITLE).waitFor({ state: 'visible' });
  await exact('市民随手拍 · 城市共管理').waitFor({ state: 'visible' });
  for (const entry of ENTRIES) {
    await exact(entry).waitFor({ state: 'visible' });
  }
  for (const label of ['本月上报', '结案率', '按期结案率']) {
    await exact(label).waitFor({ state: 'visible' });
  }
  // The figures settle (numbers, 暂无数据, or — when the endpoint fails): never stuck loading.
  await page.waitForFunction(() => !document.querySelector('.figures .nut-skeleton'));
  await pageSettled();
  // Not logged in: no 工作台.
  assert.equal(await page.getByText('工作台', { exact: true }).count(), 0);

  await assertNoHorizontalScroll('375px');
  await page.screenshot({ path: path.join(ARTIFACTS, 'home.png'), fullPage: true });

  await page.setViewportSize({ width: 320, height: 900 });
  await page.waitForTimeout(600); // the H5 root font size follows resize
  await exact(TITLE).waitFor({ state: 'visible' });
  await assertNoHorizontalScroll('320px');
  await page.screenshot({ path: path.join(ARTIFACTS, 'home-320.png'), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
});

test('demo login as demo-citizen, then 我的 shows 市民', async () => {
  await page.goto(`${BASE_URL}/`, { waitUntil: 'domcontentloaded' });
  await exact(TITLE).waitFor({ state: 'visible' });
  await exact('登录').click();

  const account = page.locator('[data-username="demo-citizen"]');
  await account.waitFor({ state: 'visible' });
  await exact('选择演示账号登录').waitFor({ state: 'visible' });
  await pageSettled();
  await assertNoHorizontalScroll('login');
  await page.screenshot({ path: path.join(ARTIFACTS, 'login.png'), fullPage: true });

  await account.click();
  // Back on 首页, greeted by name.
  await exact(TITLE).waitFor({ state: 'visible' });
  await page
    .getByText(/^您好，/)
    .first()
    .waitFor({ state: 'visible' });
  assert.equal(await page.getByText('工作台', { exact: true }).count(), 0, 'a citizen sees no 工作台');

  await page.locator('.bottom-nav').getByText('我的', { exact: true }).click();
  await exact('退出登录').waitFor({ state: 'visible' });
  await page.locator('.me__roles').getByText('市民', { exact: true }).waitFor({ state: 'visible' });
  await pageSettled();
  await assertNoHorizontalScroll('me');
  await page.screenshot({ path: path.join(ARTIFACTS, 'me.png'), fullPage: true });
});
