// An Open311 integrator's report with only an address, seen and located by staff in Chromium (H5):
// an admin key is created over HTTP, the report is posted the way FixMyStreet's Open311 sender
// posts it (form-encoded, address_string, contact, attribute[...], a media_url on a host not on
// the allow-list); demo-operator sees the integrator, contact and answers on the case page and
// sends it to demo-inspector for 核实; demo-inspector locates it on site and confirms it; then
// demo-operator can register it. Needs a running server (demo mode) that serves the H5 build:
//   BASE_URL=http://127.0.0.1:3000 node --test test/browser/open311.test.mjs
// Screenshots: test/artifacts/open311-….
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, BASE_URL, launchPhone, taroHelpers } from './support.mjs';

const POSITION = { latitude: 34.0235, longitude: 113.823, accuracy: 10 };
const ADDRESS = `魏都区七一路 88 号门前（浏览器测试 ${new Date().toISOString().slice(11, 19)}）`;

let phone;
let page;
const sessions = {};
let caseId;

async function api(pathname, { method = 'GET', token, json, form } = {}) {
  const res = await fetch(`${BASE_URL}${pathname}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(json ? { 'Content-Type': 'application/json' } : {}),
      ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: json ? JSON.stringify(json) : form ? new URLSearchParams(form).toString() : undefined,
  });
  return { status: res.status, body: await res.json() };
}

before(async () => {
  for (const u of ['demo-admin', 'demo-operator', 'demo-inspector']) {
    const res = await api('/api/v1/auth/demo', { method: 'POST', json: { username: u } });
    assert.equal(res.status, 200, `demo login ${u}`);
    sessions[u] = res.body;
  }
  phone = await launchPhone({ geolocation: POSITION });
  page = phone.page;
});

after(async () => {
  await phone?.close();
});

const { assertNoHorizontalScroll, pageSettled, current } = taroHelpers(() => page, { ignore: ['.gallery__swiper'] });

/** Opens the staff case page as `username` (the session as the app stores it: Taro storage in localStorage). */
async function openCaseAs(username) {
  await page.goto(`${BASE_URL}/`, { waitUntil: 'domcontentloaded' });
  await page.evaluate((s) => localStorage.setItem('xc.session', JSON.stringify({ data: JSON.stringify(s) })), sessions[username]);
  await page.goto(`${BASE_URL}/packages/staff/pages/case/index?id=${caseId}`, { waitUntil: 'domcontentloaded' });
  await current().locator('[data-testid="source"]').waitFor({ state: 'visible' });
  await pageSettled();
}

/** A screenshot at 390 and at 320 px wide, nothing sticking out at either. */
async function shots(name) {
  for (const width of [390, 320]) {
    await page.setViewportSize({ width, height: 1400 });
    await page.waitForFunction((w) => document.documentElement.clientWidth === w, width);
    await assertNoHorizontalScroll(`${name} at ${width}px`);
    await page.screenshot({ path: path.join(ARTIFACTS, `open311-${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 375, height: 812 });
}

async function actionButtons() {
  return current()
    .locator('[data-testid="action-bar"] [data-action]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
}

test('an integrator posts a report with only an address, as FixMyStreet’s Open311 sender does', async () => {
  const key = await api('/api/v1/admin/open311-keys', {
    method: 'POST',
    token: sessions['demo-admin'].accessToken,
    json: { name: 'FixMyStreet 许昌' },
  });
  assert.equal(key.status, 201);
  const res = await api('/api/open311/v2/requests.json', {
    method: 'POST',
    form: {
      api_key: key.body.key,
      jurisdiction_id: 'xuchang',
      service_code: '100102',
      address_string: ADDRESS,
      email: 'wang.xiaoming@example.cn',
      first_name: '小明',
      last_name: '王',
      description: '污水井盖裂成两半，车轮压过会塌。',
      media_url: 'https://photos.fixmystreet.example/report/1234.jpeg',
      'attribute[condition]': 'broken',
      'attribute[cover_marking]': '污水 WS-0231',
    },
  });
  assert.equal(res.status, 201);
  const caseNo = res.body[0].service_request_id;
  const list = await api('/api/v1/cases?scope=all&status=reported&limit=20', { token: sessions['demo-operator'].accessToken });
  caseId = list.body.items.find((c) => c.caseNo === caseNo)?.id;
  assert.ok(caseId, `case ${caseNo} in the operator's list`);
});

test('demo-operator sees the source, contact and answers, and that it waits to be located', async () => {
  await openCaseAs('demo-operator');
  const source = await current().locator('[data-testid="source"]').innerText();
  assert.match(source, /接入上报\n经 Open311 接入：FixMyStreet 许昌/);
  assert.match(source, /联系人 王小明 · wang\.xiaoming@example\.cn/);
  assert.match(source, /照片链接（未自动获取）https:\/\/photos\.fixmystreet\.example\/report\/1234\.jpeg/);
  assert.deepEqual(await current().locator('[data-testid="attribute"]').allInnerTexts(), [
    '井盖的情况\n破损、断裂',
    '是哪个井盖\n污水 WS-0231',
  ]);
  assert.match(await current().locator('[data-testid="unlocated"]').innerText(), /尚未定位/);
  assert.deepEqual(await actionButtons(), ['request-verify', 'recategorize', 'refuse', 'void']);
  await shots('1-operator');

  await current().locator('[data-testid="action-bar"] [data-action="request-verify"]').click();
  const form = page.locator('[data-testid="inspector-form"]');
  const inspector = form.locator(`[data-inspector-id="${sessions['demo-inspector'].user.id}"]`);
  await inspector.waitFor({ state: 'visible' });
  assert.equal(await form.getByText('默认：问题所在网格的网格员').count(), 0);
  await inspector.click();
  await page.locator('.action-sheet__buttons .nut-button').filter({ hasText: '确认派发核实' }).click();
  await current().locator('[data-testid="banner"]').waitFor({ state: 'visible' });
});

test('demo-inspector locates it on site and confirms it; then it can be registered', async () => {
  await openCaseAs('demo-inspector');
  await current().locator('[data-testid="action-bar"] [data-action="verify"]').click();
  const form = page.locator('[data-testid="check-form"]');
  await form.waitFor({ state: 'visible' });
  await form.getByRole('radio', { name: '属实', exact: true }).click();
  await form.locator('[data-testid="verify-locate"]').click();
  await form.getByText(/^已定位：魏都区南关街道 · /).waitFor({ state: 'visible' });
  await page.screenshot({ path: path.join(ARTIFACTS, 'open311-2-inspector-locates.png') });
  await page.locator('.action-sheet__buttons .nut-button').filter({ hasText: '提交核实结果' }).click();
  const banner = current().locator('[data-testid="banner"]');
  await banner.waitFor({ state: 'visible' });
  assert.match(await banner.innerText(), /核实结果已提交受理员/);

  await openCaseAs('demo-operator');
  assert.equal(await current().locator('[data-testid="unlocated"]').count(), 0);
  // Located on site into the grid of the inspector's position, which the page names.
  const located = await api(`/api/v1/cases/${caseId}`, { token: sessions['demo-operator'].accessToken });
  assert.equal(located.body.gridCode, '411002004001001');
  const { grid, street } = located.body;
  const gridName = grid.name.startsWith(street.name) ? grid.name.slice(street.name.length) : grid.name;
  await current().getByText(`所属网格：${gridName}`, { exact: true }).waitFor({ state: 'visible' });
  assert.ok((await actionButtons()).includes('register'));
  await shots('3-operator-located');
});
