// 首页's first screen in index.html (client/src/home-shell.html, issue 15): what a phone shows before
// the app's JavaScript has run. Needs a running server that serves the built H5 at `/`:
//   BASE_URL=http://127.0.0.1:3000 node --test test/browser/home-shell.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { captureHomeShell, SHELL_FILE } from './home-shell.mjs';
import { ARTIFACTS, BASE_URL, launchPhone } from './support.mjs';

let phone;

before(async () => {
  phone = await launchPhone();
});

after(async () => {
  await phone?.close();
});

/** A fresh page with the API held (the figures stay loading); without scripts when `scripts` is false. */
async function openHome(url, { scripts }) {
  const page = await phone.context.newPage();
  await page.route('**/api/**', () => {});
  if (!scripts) await page.route('**/*.js', (r) => r.abort());
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return page;
}

/** Where the parts a visitor sees and taps are, in CSS pixels. */
function layout(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.home__header, .figures, .report-tile, .tile, .bottom-nav__item')].map((e) => {
      const r = e.getBoundingClientRect();
      return `${e.className.split(' ')[0]} ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)} ${e.textContent.trim()}`;
    }),
  );
}

test('the committed shell is what the built home renders (regenerate with node test/browser/home-shell.mjs)', async () => {
  const page = await phone.context.newPage();
  try {
    const live = await captureHomeShell(page, BASE_URL);
    const committed = fs
      .readFileSync(SHELL_FILE, 'utf8')
      .replace(/<!--[\s\S]*?-->\s*/g, '')
      .trim();
    assert.equal(committed, live);
  } finally {
    await page.close();
  }
});

test('without JavaScript the home shows 我要上报 where the app shows it, with this month, and a tap opens 上报', async () => {
  const app = await openHome(`${BASE_URL}/`, { scripts: true });
  await app.locator('.taro_page .report-tile').waitFor();
  await app.waitForFunction(() => !document.getElementById('home-shell'));
  assert.equal(await app.locator('.report-tile').count(), 1, 'the app replaced the shell: one 我要上报');
  const appLayout = await layout(app);
  await app.close();

  const page = await openHome(`${BASE_URL}/`, { scripts: false });
  await page.getByText('我要上报', { exact: true }).waitFor({ state: 'visible' });
  assert.deepEqual(await layout(page), appLayout);
  const [y, m] = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7).split('-'); // the city's month (UTC+8)
  assert.equal(await page.locator('.figures__title').textContent(), `${y}年${Number(m)}月 · 城市管理数据`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'home-shell.png') });
  await page.locator('.report-tile').click();
  await page.waitForURL('**/packages/citizen/pages/report/index');
  await page.close();
});

test('on any other address the shell is not shown', async () => {
  const page = await openHome(`${BASE_URL}/packages/public/pages/ranking/index`, { scripts: false });
  await page.waitForLoadState('load');
  assert.equal(await page.locator('#home-shell').count(), 0);
  assert.equal(await page.getByText('我要上报').count(), 0);
  await page.close();
});

test('nothing before the first screen forces a layout or inserts elements (both held its parsing on a slow phone)', async () => {
  const html = await (await fetch(`${BASE_URL}/`)).text();
  const head = html.slice(0, html.indexOf('id="home-shell"'));
  assert.ok(head.length > 0 && head.length < html.length, 'the first screen is in index.html');
  // Taro's rem script defines its resize handler with getBoundingClientRect; its first run reads innerWidth.
  assert.match(head, /\(function\(\)\{f\(\);setTimeout\(f,500\)\}\)\),function\(\)\{var x=40\*n\.innerWidth\/750;/);
  assert.doesNotMatch(head, /\),f\(\)\}\(window\)/, 'the rem script does not measure <html> before the body');
  assert.doesNotMatch(head, /createElement/, 'the home chunks are preloaded after the first screen');
  assert.match(html.slice(html.indexOf('id="home-shell"')), /createElement\('link'\);l\.rel='preload'/);
});
