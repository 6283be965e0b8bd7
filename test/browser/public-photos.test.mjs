// Safe to put in public, in Chromium (H5): demo-operator hides a case photo from the public on the
// staff case page (照片公开) and the public view loses it at once; a citizen whose upload meets a
// limit reads, under the photos, when to try again. Needs a running server that serves the built
// H5 at `/`:
//   BASE_URL=http://127.0.0.1:3000 node --test test/browser/public-photos.test.mjs
// Screenshots go to test/artifacts/privacy-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, BASE_URL, launchPhone, taroHelpers } from './support.mjs';

let phone;
let page;

before(async () => {
  phone = await launchPhone();
  page = phone.page;
});

after(async () => {
  await phone?.close();
});

const { assertNoHorizontalScroll, pageSettled, current, loginAs } = taroHelpers(() => page, {
  ignore: ['.gallery__swiper', 'input[type=file]'],
});

async function api(method, url, { token, body, form } = {}) {
  const res = await fetch(`${BASE_URL}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: form ?? (body ? JSON.stringify(body) : undefined),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A real JPEG, encoded by the browser. */
async function realJpeg() {
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 800;
    c.height = 600;
    const g = c.getContext('2d');
    g.fillStyle = '#b9d7f2';
    g.fillRect(0, 0, 800, 300);
    g.fillStyle = '#8f959e';
    g.fillRect(0, 300, 800, 300);
    g.fillStyle = '#ffffff';
    g.fillRect(300, 380, 200, 60); // a number plate, to be hidden
    return c.toDataURL('image/jpeg', 0.85);
  });
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

async function shot(name, width) {
  await page.setViewportSize({ width, height: 812 });
  await page.waitForTimeout(400);
  await assertNoHorizontalScroll(`${name} at ${width}px`);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`) });
}

test('demo-operator hides a photo from the public; the public view loses it at once', async () => {
  await page.goto(`${BASE_URL}/`, { waitUntil: 'domcontentloaded' });
  const citizen = (await api('POST', '/api/v1/auth/demo', { body: { username: 'demo-citizen' } })).body.accessToken;
  const form = new FormData();
  form.append('file', new Blob([await realJpeg()], { type: 'image/jpeg' }), 'plate.jpg');
  const photo = await api('POST', '/api/v1/media', { token: citizen, form });
  assert.equal(photo.status, 201);
  const created = await api('POST', '/api/v1/cases', {
    token: citizen,
    body: {
      categoryCode: '200102',
      description: '路边停着一辆车挡住了垃圾桶',
      location: { lat: 34.0235, lng: 113.823 },
      mediaIds: [photo.body.id],
    },
  });
  assert.equal(created.status, 201);
  const before = (await api('GET', `/api/v1/cases/${created.body.id}`)).body.media;
  assert.equal(before.length, 1);
  assert.notEqual(before[0].url, photo.body.url, 'the public gets a copy, not the stored photo');

  await loginAs('demo-operator');
  await page.goto(`${BASE_URL}/packages/staff/pages/case/index?id=${created.body.id}`, { waitUntil: 'domcontentloaded' });
  const card = current().locator('[data-testid="photo-privacy"]');
  await card.waitFor({ state: 'visible' });
  await pageSettled();
  await card.scrollIntoViewIfNeeded();
  await card.getByText('公众可见', { exact: true }).waitFor({ state: 'visible' });
  await shot('privacy-1-visible', 390);
  await card.locator('.photo-privacy__btn').filter({ hasText: '对公众隐藏' }).click();
  await card.getByText('已对公众隐藏', { exact: true }).waitFor({ state: 'visible' });
  await card.scrollIntoViewIfNeeded();
  await shot('privacy-2-hidden', 390);
  await shot('privacy-2-hidden', 320);

  const after = (await api('GET', `/api/v1/cases/${created.body.id}`)).body.media;
  assert.deepEqual(after, [], 'the public view no longer has the photo');
  assert.equal((await fetch(`${BASE_URL}${before[0].url}`)).status, 404, 'the public copy is gone');
  assert.equal((await fetch(`${BASE_URL}${photo.body.url}`)).status, 200, 'the stored photo stays for the reporter and staff');
  await page.setViewportSize({ width: 375, height: 812 });
});

test('a citizen whose upload meets a limit reads under the photos when to try again', async () => {
  await loginAs('demo-citizen');
  // The server's own 429 for uploads (proven by server/test/rate-limits.int-spec.ts), answered here
  // without spending the demo account's budget.
  await page.route('**/api/v1/media', (route) =>
    route.fulfill({
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '700' },
      body: JSON.stringify({
        code: 'RATE_LIMITED',
        message: '上传照片过于频繁，请 12 分钟后再试',
        details: { retryAfterSeconds: 700, limit: 60 },
      }),
    }),
  );
  await page.goto(`${BASE_URL}/packages/citizen/pages/report/index`, { waitUntil: 'domcontentloaded' });
  await current().locator('[data-field="photos"]').waitFor({ state: 'visible' });
  await pageSettled();
  await current()
    .locator('input[type=file]')
    .setInputFiles({ name: 'street.jpg', mimeType: 'image/jpeg', buffer: await realJpeg() });
  await current().locator('[data-testid="photo-failed"]').getByText('太频繁', { exact: true }).waitFor({ state: 'visible' });
  const notice = current().locator('[data-testid="photo-notice"]');
  await notice.waitFor({ state: 'visible' });
  assert.equal((await notice.locator('.photo-uploader__notice-text').textContent()).trim(), '上传照片过于频繁，请 12 分钟后再试');
  await shot('privacy-3-upload-limited', 390);
  await shot('privacy-3-upload-limited', 320);
  await page.unroute('**/api/v1/media');
  await page.setViewportSize({ width: 375, height: 812 });
});
