// Personal information in Chromium (H5): a new citizen sees the consent on first sign-in and
// cannot go on without ticking it, gives a phone number on 我的, reports; demo-operator sees the
// number masked and reveals it with an explicit tap (written to the audit log); the citizen finds
// 隐私政策 in 我的, exports their data and deletes their account, after which the old token is
// refused and staff see 已注销用户. Needs a running server (demo mode) that serves the H5 build:
//   BASE_URL=http://127.0.0.1:3000 node --test test/browser/privacy.test.mjs
// Screenshots: test/artifacts/privacy-<page>-<width>.png at 390 and 320 px.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, BASE_URL, launchPhone, staffFlow, taroHelpers } from './support.mjs';

const POSITION = { latitude: 34.0235, longitude: 113.823, accuracy: 10 };
const USERNAME = `demo-e2e-privacy-${Date.now().toString(36)}`;
const PHONE = '13812341234';

let phone;
let page;
const sessions = {};
let citizen;
let caseId;

async function api(pathname, { method = 'GET', token, json, body } = {}) {
  const res = await fetch(`${BASE_URL}${pathname}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(json ? { 'Content-Type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

before(async () => {
  for (const u of ['demo-admin', 'demo-operator']) {
    const res = await api('/api/v1/auth/demo', { method: 'POST', json: { username: u } });
    assert.equal(res.status, 200, `demo login ${u}`);
    sessions[u] = res.body;
  }
  // A citizen who has never accepted anything (demo accounts start with consent given).
  const created = await api('/api/v1/admin/users', {
    method: 'POST',
    token: sessions['demo-admin'].accessToken,
    json: { username: USERNAME, name: '隐私测试市民', roles: ['citizen'] },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const login = await api('/api/v1/auth/demo', { method: 'POST', json: { username: USERNAME } });
  assert.equal(login.status, 200);
  citizen = login.body;
  phone = await launchPhone({ geolocation: POSITION });
  page = phone.page;
});

after(async () => {
  await phone?.close();
});

const { assertNoHorizontalScroll, pageSettled, current, exact } = taroHelpers(() => page, { ignore: ['.gallery__swiper'] });
const { realJpeg } = staffFlow(() => page, { failurePrefix: 'privacy' });

/** Opens `url` signed in as `session` (stored as the app stores it: Taro storage in localStorage). */
async function openAs(session, url) {
  // A page of the origin without the app: a running app could write its own session back meanwhile.
  await page.goto(`${BASE_URL}/api/health`, { waitUntil: 'domcontentloaded' });
  await page.evaluate((s) => {
    localStorage.clear();
    localStorage.setItem('xc.session', JSON.stringify({ data: JSON.stringify(s) }));
  }, session);
  await page.goto(`${BASE_URL}${url}`, { waitUntil: 'domcontentloaded' });
}

/** A screenshot at 390 and at 320 px wide, nothing sticking out at either. */
async function shots(name) {
  for (const width of [390, 320]) {
    await page.setViewportSize({ width, height: 1400 });
    await page.waitForFunction((w) => document.documentElement.clientWidth === w, width);
    await assertNoHorizontalScroll(`${name} at ${width}px`);
    await page.screenshot({ path: path.join(ARTIFACTS, `privacy-${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 375, height: 812 });
}

test('a new citizen sees the consent on first sign-in and can go on only after ticking it', async () => {
  await page.goto(`${BASE_URL}/pages/login/index`, { waitUntil: 'domcontentloaded' });
  await current().locator('[data-testid="login-notice"]').waitFor({ state: 'visible' });
  await pageSettled();
  await shots('login');

  await openAs(citizen, '/pages/index/index');
  await exact('个人信息保护提示').waitFor({ state: 'visible' });
  await pageSettled();
  await shots('consent');
  // Refused until ticked; the server still says consent is required.
  const media = await api('/api/v1/media', { method: 'POST', token: citizen.accessToken, body: new FormData() });
  assert.equal(media.body.code, 'CONSENT_REQUIRED');
  await current().locator('.nut-button').filter({ hasText: '同意并继续' }).click();
  await exact('请先勾选“我已阅读并同意”').waitFor({ state: 'visible' });
  await current().locator('[data-testid="consent-check"]').click();
  await current().locator('.nut-button').filter({ hasText: '同意并继续' }).click();
  await page.waitForURL(/pages\/index\/index/);
  await page.waitForFunction(() => !document.querySelector('.consent'));
  const me = await api('/api/v1/me', { token: citizen.accessToken });
  assert.equal(me.body.consentRequired, false);
});

test('the citizen gives a phone number on 我的 and reports; staff see it masked and reveal it with a logged tap', async () => {
  await openAs(citizen, '/pages/me/index');
  const card = current().locator('[data-testid="phone-card"]');
  await card.waitFor({ state: 'visible' });
  await pageSettled();
  await card.locator('.nut-button').filter({ hasText: '填写手机号' }).click();
  await card.locator('input').fill(PHONE);
  await card.locator('.nut-button').filter({ hasText: '保存' }).click();
  await card.locator('[data-testid="phone-value"]').filter({ hasText: PHONE }).waitFor({ state: 'visible' });
  await shots('me');

  const form = new FormData();
  form.append('file', new Blob([await realJpeg()], { type: 'image/jpeg' }), 'p.jpg');
  const uploaded = await api('/api/v1/media', { method: 'POST', token: citizen.accessToken, body: form });
  assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
  const created = await api('/api/v1/cases', {
    method: 'POST',
    token: citizen.accessToken,
    json: {
      categoryCode: '200102',
      description: '浏览器测试：路边垃圾堆放',
      location: { lat: POSITION.latitude, lng: POSITION.longitude },
      mediaIds: [uploaded.body.id],
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  caseId = created.body.id;

  await openAs(sessions['demo-operator'], `/packages/staff/pages/case/index?id=${caseId}`);
  const reporter = current().locator('[data-testid="reporter"]');
  await reporter.waitFor({ state: 'visible' });
  await pageSettled();
  assert.match(await reporter.innerText(), /138\*\*\*\*1234/);
  assert.doesNotMatch(await reporter.innerText(), new RegExp(PHONE));
  await shots('staff-masked');
  await reporter.locator('[data-testid="reveal-phone"]').click();
  await reporter.locator('[data-testid="call-reporter"]').waitFor({ state: 'visible' });
  assert.match(await reporter.innerText(), new RegExp(`拨打 ${PHONE}`));
  await shots('staff-revealed');
  const audit = await api(`/api/v1/admin/audit?action=reporter.reveal&actor=${sessions['demo-operator'].user.id}`, {
    token: sessions['demo-admin'].accessToken,
  });
  assert.equal(audit.body.items[0].subjectId, citizen.user.id);
  assert.equal(audit.body.items[0].detail.caseId, caseId);
});

test('the citizen finds 隐私政策 in 我的, exports their data and deletes the account', async () => {
  await openAs(citizen, '/pages/me/index');
  await current().locator('[data-testid="menu-privacy"]').first().waitFor({ state: 'visible' });
  await pageSettled();
  await current().locator('[data-testid="menu-privacy"]').first().click();
  await current().locator('[data-testid="policy-version"]').waitFor({ state: 'visible' });
  await pageSettled();
  assert.match(await current().locator('.info__title').innerText(), /隐私政策/);
  assert.ok(await exact('保存多久').count(), 'the policy says how long data is kept');
  await shots('policy');
  await page.goBack();

  await current().locator('[data-testid="menu-export"]').click();
  const summary = current().locator('[data-testid="export-summary"]');
  await summary.waitFor({ state: 'visible' });
  await pageSettled();
  assert.match(await summary.innerText(), /1 件/);
  await shots('export');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    current().locator('.nut-button').filter({ hasText: '下载数据' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^我的数据-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')));
  assert.equal(exported.profile.phone, PHONE);
  assert.deepEqual(
    exported.cases.map((c) => c.caseNo),
    [(await api(`/api/v1/cases/${caseId}`, { token: citizen.accessToken })).body.caseNo],
  );
  await page.goBack();

  await current().locator('[data-testid="menu-delete"]').click();
  await exact('注销后').waitFor({ state: 'visible' });
  await pageSettled();
  await shots('delete');
  await current()
    .locator('.nut-button')
    .filter({ hasText: /^注销账号$/ })
    .click();
  await exact('确定注销账号吗？此操作不可撤销。').waitFor({ state: 'visible' });
  await shots('delete-confirm');
  await current().locator('.nut-button').filter({ hasText: '确认注销' }).click();
  await page.waitForURL(/pages\/index\/index/);
  await page.waitForFunction(() => !localStorage.getItem('xc.session'));

  assert.equal((await api('/api/v1/me', { token: citizen.accessToken })).status, 401);
  assert.equal((await api('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken: citizen.refreshToken } })).status, 401);
  const detail = await api(`/api/v1/cases/${caseId}`, { token: sessions['demo-operator'].accessToken });
  assert.equal(detail.body.reporter.name, '已注销用户');
  assert.doesNotMatch(JSON.stringify(detail.body), new RegExp(`${PHONE}|隐私测试市民|${USERNAME}`));
});
