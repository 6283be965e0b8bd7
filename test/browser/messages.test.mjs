// Citizens hear back (issue 14), in Chromium (H5): a citizen on 首页 sees the unread badge appear,
// without reloading, when demo-operator registers their case in another browser; 消息中心 lists
// 已受理 and tapping it opens the case. Needs a running server that serves the built H5 at `/`:
//   BASE_URL=http://127.0.0.1:3000 node --test test/browser/messages.test.mjs
// Screenshots go to test/artifacts/messages-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, BASE_URL, launchPhone, staffFlow, taroHelpers } from './support.mjs';

let citizenPhone;
let operatorPhone;

before(async () => {
  citizenPhone = await launchPhone();
  operatorPhone = await launchPhone();
});

after(async () => {
  await citizenPhone?.close();
  await operatorPhone?.close();
});

const citizen = taroHelpers(() => citizenPhone.page);
const operator = staffFlow(() => operatorPhone.page, { ignore: ['.gallery__swiper', 'input[type=file]'], failurePrefix: 'messages' });

async function api(method, url, { token, body, form } = {}) {
  const res = await fetch(`${BASE_URL}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: form ?? (body ? JSON.stringify(body) : undefined),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function shot(name, width = 390) {
  const page = citizenPhone.page;
  await page.setViewportSize({ width, height: 812 });
  await page.waitForTimeout(400);
  await citizen.assertNoHorizontalScroll(`${name} at ${width}px`);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`) });
}

test('the citizen sees 已受理 arrive live, opens 消息中心 and lands on the case', async () => {
  const page = citizenPhone.page;
  await page.goto(`${BASE_URL}/`, { waitUntil: 'domcontentloaded' });
  // The report, through the API as the citizen (the report form has its own test).
  const token = (await api('POST', '/api/v1/auth/demo', { body: { username: 'demo-citizen' } })).body.accessToken;
  const jpeg = Buffer.from(
    (
      await page.evaluate(() => {
        const c = document.createElement('canvas');
        c.width = 640;
        c.height = 480;
        const g = c.getContext('2d');
        g.fillStyle = '#8f959e';
        g.fillRect(0, 0, 640, 480);
        g.fillStyle = '#6b4f2a';
        g.fillRect(200, 260, 240, 120);
        return c.toDataURL('image/jpeg', 0.85);
      })
    ).split(',')[1],
    'base64',
  );
  const form = new FormData();
  form.append('file', new Blob([jpeg], { type: 'image/jpeg' }), 'rubbish.jpg');
  const photo = await api('POST', '/api/v1/media', { token, form });
  assert.equal(photo.status, 201);
  const created = await api('POST', '/api/v1/cases', {
    token,
    body: {
      categoryCode: '200102',
      description: '消息测试：路口垃圾堆放',
      location: { lat: 34.0235, lng: 113.823 },
      mediaIds: [photo.body.id],
    },
  });
  assert.equal(created.status, 201);
  // Start from nothing unread (earlier tests on this server may have left messages).
  assert.equal((await api('POST', '/api/v1/messages/read', { token, body: { all: true } })).status, 204);

  await citizen.loginAs('demo-citizen');
  const entry = citizen.current().locator('[data-testid="messages-entry"]');
  await entry.waitFor({ state: 'visible' });
  assert.equal(await citizen.current().locator('[data-testid="unread-badge"]').count(), 0, 'nothing unread yet');
  await shot('messages-1-home-before');

  // Another browser: demo-operator registers the case on the staff case page.
  await operator.loginAs('demo-operator');
  await operatorPhone.page.goto(`${BASE_URL}/packages/staff/pages/case/index?id=${created.body.id}`, { waitUntil: 'domcontentloaded' });
  await operator.current().locator('[data-testid="action-bar"]').waitFor({ state: 'visible' });
  await operator.pageSettled();
  await operator.press('register');
  await operatorPhone.page.locator('.action-sheet').waitFor({ state: 'visible' });
  await operator.confirmSheet('确认立案');
  await operator.doneBanner(/已立案/);

  // Back in the citizen's browser, with no reload: the badge appears.
  const badge = citizen.current().locator('[data-testid="unread-badge"]');
  await badge.waitFor({ state: 'visible', timeout: 20_000 }).catch(async (err) => {
    await page.screenshot({ path: path.join(ARTIFACTS, 'messages-failure-badge.png') }).catch(() => undefined);
    throw err;
  });
  assert.equal((await badge.innerText()).trim(), '1');
  await shot('messages-2-home-badge');
  await shot('messages-2-home-badge', 320);

  await entry.click();
  const item = citizen.current().locator('[data-testid="message"]').first();
  await item.waitFor({ state: 'visible' });
  await citizen.pageSettled();
  assert.match(await item.innerText(), /已受理/);
  assert.match(await item.innerText(), new RegExp(created.body.caseNo));
  assert.doesNotMatch(await item.innerText(), /演示受理员/, 'the reporter is never told who');
  await shot('messages-3-centre');
  await shot('messages-3-centre', 320);

  await item.click();
  await page.waitForURL(new RegExp(`/packages/citizen/pages/detail/index\\?id=${created.body.id}`));
  await citizen.current().getByText(created.body.caseNo).first().waitFor({ state: 'visible' });
  await citizen.pageSettled();
  await shot('messages-4-case');
  assert.equal((await api('GET', '/api/v1/messages/unread-count', { token })).body.count, 0, 'opening it marked it read');
  await page.setViewportSize({ width: 375, height: 812 });
});
