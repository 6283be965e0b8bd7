// One case through its whole life, in Chromium (H5), through the UI alone: demo-citizen reports
// 暴露垃圾 with a real JPEG at 34.0235, 113.8230 (魏都区南关街道) → demo-operator registers it →
// demo-dispatcher dispatches it to 魏都区 (the deadline shown before confirming) → demo-handler
// finishes it with an after-photo → demo-operator sends it to demo-inspector for 核查 →
// demo-inspector passes it → demo-operator closes it → demo-citizen sees 已结案 and rates it 5.
// Each role logs in through the demo picker and out through 我的 → 退出登录, and finds the case
// in its 工作台 by the case number. Needs a running server (demo mode) that serves the H5 build:
//   BASE_URL=http://127.0.0.1:3000 node --test test/browser/staff-lifecycle.test.mjs
// Screenshots: test/artifacts/staff-1-… to staff-9-….
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launchPhone, staffFlow } from './support.mjs';

const POSITION = { latitude: 34.0235, longitude: 113.823, accuracy: 15 };
const DESCRIPTION = `南关街道万丰社区路口西侧绿化带旁堆着几袋生活垃圾，已有异味（全流程测试 ${new Date().toISOString().slice(11, 19)}）。`;

let phone;
let page;

before(async () => {
  phone = await launchPhone({ geolocation: POSITION });
  page = phone.page;
});

after(async () => {
  await phone?.close();
});

const {
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
} = staffFlow(() => page, { ignore: ['.gallery__swiper', 'input[type=file]'], failurePrefix: 'staff' });

let caseId;
let caseNo;

test(
  '1 demo-citizen reports 暴露垃圾 with a real photo at 34.0235, 113.8230',
  step('report', async () => {
    await loginAs('demo-citizen');
    await page.locator('.report-tile').click();
    await current().locator('[data-field="photos"]').waitFor({ state: 'visible' });
    await pageSettled();
    await current().locator('.place').getByText('许昌市魏都区南关街道', { exact: true }).waitFor({ state: 'visible' });
    // A patrol-only control is not offered to a citizen.
    assert.equal(await current().locator('[data-testid="self-handled"]').count(), 0);
    await current()
      .locator('input[type=file]')
      .setInputFiles({ name: 'rubbish.jpg', mimeType: 'image/jpeg', buffer: await realJpeg() });
    await current().locator('[data-testid="photo-uploaded"]').waitFor({ state: 'visible' });
    await exact('环境卫生').click();
    await current().locator('.chip[data-code="200102"]').click();
    await current().locator('[data-field="description"] textarea').fill(DESCRIPTION);
    await current().locator('.submit-bar .nut-button').filter({ hasText: '提交上报' }).click();
    const caseNoText = page.locator('[data-testid="case-no"]');
    const sheet = page.locator('[data-testid="duplicates-sheet"]');
    await Promise.race([caseNoText.waitFor({ state: 'visible' }), sheet.waitFor({ state: 'visible' })]);
    if (await sheet.isVisible()) await sheet.locator('.nut-button').filter({ hasText: '仍要上报' }).click();
    await caseNoText.waitFor({ state: 'visible' });
    await pageSettled();
    caseNo = (await caseNoText.innerText()).trim();
    caseId = new URL(page.url()).searchParams.get('id');
    assert.match(caseNo, /^XC\d{8,}/);
    assert.ok(caseId);
    await fullShot('staff-1-citizen-reported.png');
  }),
);

test(
  '2 demo-operator finds it in 待受理, sees photo, place and nearby duplicates, and registers it',
  step('register', async () => {
    assert.ok(caseNo, 'reported first');
    await loginAs('demo-operator');
    await openFromWorkbench(caseNo, 'staff-2a-operator-workbench.png');
    assert.deepEqual(await actionButtons(), ['register', 'request-verify', 'recategorize', 'refuse', 'void']);
    await current().locator('[data-testid="duplicates"]').waitFor({ state: 'visible' });
    await current().locator('.staff-case__desc-text').getByText(DESCRIPTION, { exact: true }).waitFor({ state: 'visible' });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.taro_page_stationed .gallery__img img')].some((img) => img.complete && img.naturalWidth > 0),
    );
    await assertNoHorizontalScroll('operator case');
    await at320('operator case');
    await fullShot('staff-2b-operator-case.png');
    await press('register');
    await page.locator('.action-sheet').waitFor({ state: 'visible' });
    await shot('staff-2c-operator-register-form.png');
    await confirmSheet('确认立案');
    await doneBanner(/已立案/);
    await current().locator('.status-tag[data-status="registered"]').waitFor({ state: 'visible' });
    assert.deepEqual(await actionButtons(), ['recategorize', 'void']);
  }),
);

test(
  '3 demo-dispatcher sees the computed deadline before dispatching to 魏都区',
  step('dispatch', async () => {
    await loginAs('demo-dispatcher');
    await openFromWorkbench(caseNo, null);
    assert.deepEqual(await actionButtons(), ['dispatch', 'recategorize']);
    await press('dispatch');
    const form = page.locator('[data-testid="dispatch-form"]');
    await form.waitFor({ state: 'visible' });
    // Suggested first: the street's office, then the district.
    await form.getByText('建议单位（按问题所在地）', { exact: true }).waitFor({ state: 'visible' });
    const suggested = await form.locator('.unit-group').first().locator('.unit-row__name').allInnerTexts();
    assert.deepEqual(suggested, ['魏都区南关街道办事处', '魏都区']);
    await form
      .locator('[data-testid="deadline-preview"]')
      .getByText(/^处置截止 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
      .waitFor({ state: 'visible' });
    const preview = await form.locator('[data-testid="deadline-preview"]').innerText();
    assert.match(preview, /暴露垃圾 · 时限/);
    await form.locator('.unit-row[data-unit-id="central-411002"]').click();
    await form.locator('.nut-button').filter({ hasText: '派遣至 魏都区' }).waitFor({ state: 'visible' });
    await assertNoHorizontalScroll('dispatch form');
    await at320('dispatch form');
    await shot('staff-3-dispatcher-dispatch-form.png');
    await confirmSheet('派遣至 魏都区');
    await doneBanner(/已派遣至 魏都区/);
    const deadline = await current().locator('[data-testid="deadline"]').innerText();
    const shown = /处置截止 (\d{4}-\d{2}-\d{2} \d{2}:\d{2})/.exec(preview)[1];
    // The deadline the server set is the one shown before confirming (to the minute, or a minute on).
    const at = /(\d{4}-\d{2}-\d{2} \d{2}:\d{2})/.exec(deadline)[1];
    assert.ok(Math.abs(Date.parse(`${at}:00+08:00`) - Date.parse(`${shown}:00+08:00`)) <= 2 * 60_000, `deadline ${at} vs preview ${shown}`);
  }),
);

test(
  '4 demo-handler finds it, cannot finish without an after-photo, then finishes with one',
  step('finish', async () => {
    await loginAs('demo-handler');
    await openFromWorkbench(caseNo, 'staff-4a-handler-workbench.png');
    assert.deepEqual(await actionButtons(), ['finish', 'request-extension', 'request-return']);
    await current()
      .locator('[data-testid="deadline"]')
      .getByText(/^剩余 /)
      .waitFor({ state: 'visible' });
    await press('finish');
    const form = page.locator('[data-testid="finish-form"]');
    await form.waitFor({ state: 'visible' });
    await confirmSheet('提交处置结果');
    await form.getByText(/请上传处置后照片/).waitFor({ state: 'visible' });
    await form.locator('input[type=file]').setInputFiles({ name: 'cleaned.jpg', mimeType: 'image/jpeg', buffer: await realJpeg(true) });
    await form.locator('[data-testid="photo-uploaded"]').waitFor({ state: 'visible' });
    await form.locator('textarea').fill('已清运垃圾，路面已冲洗干净');
    await shot('staff-4b-handler-finish-form.png');
    await confirmSheet('提交处置结果');
    await doneBanner(/已提交处置结果/);
    await current().locator('.status-tag[data-status="handled"]').waitFor({ state: 'visible' });
    await current().getByText('处置后 2/2', { exact: true }).waitFor({ state: 'attached' });
  }),
);

test(
  '5 demo-operator sends it to demo-inspector for 核查',
  step('request-check', async () => {
    await loginAs('demo-operator');
    await openFromWorkbench(caseNo, null);
    assert.deepEqual(await actionButtons(), ['request-check', 'void']);
    await press('request-check');
    const form = page.locator('[data-testid="inspector-form"]');
    await form.waitFor({ state: 'visible' });
    // Named explicitly (not the default row, 默认：…).
    await form
      .locator('.unit-row')
      .filter({ hasText: /^演示网格员/ })
      .click();
    await shot('staff-5-operator-request-check.png');
    await confirmSheet('确认派发核查');
    await doneBanner(/派发核查/);
    await current().locator('.status-tag[data-status="checking"]').waitFor({ state: 'visible' });
  }),
);

test(
  '6 demo-inspector finds the 核查 task, the way to the spot, and passes it',
  step('check', async () => {
    await loginAs('demo-inspector');
    await openFromWorkbench(caseNo, 'staff-6a-inspector-workbench.png');
    assert.deepEqual(await actionButtons(), ['check']);
    // H5 has no map: the coordinates and address instead, honestly said.
    await current().locator('[data-testid="navigate"]').click();
    await current()
      .locator('[data-testid="navigate-panel"]')
      .getByText('34.023500, 113.823000', { exact: true })
      .waitFor({ state: 'visible' });
    await assertNoHorizontalScroll('inspector case');
    await fullShot('staff-6b-inspector-case.png');
    await press('check');
    const form = page.locator('[data-testid="check-form"]');
    await form.waitFor({ state: 'visible' });
    await form.locator('[data-value="pass"]').click();
    await form.locator('textarea').fill('现场已清理干净');
    await shot('staff-6c-inspector-check-form.png');
    await confirmSheet('提交核查结果');
    await doneBanner(/核查通过/);
    await current().locator('.status-tag[data-status="checked"]').waitFor({ state: 'visible' });
  }),
);

test(
  '6b demo-inspector reports a problem found on patrol and handles it on the spot (自处理)',
  step('patrol', async () => {
    await page.goto(`${BASE_URL}/`, { waitUntil: 'domcontentloaded' });
    await exact('工作台').waitFor({ state: 'visible' });
    await pageSettled();
    await exact('工作台').click();
    await current().locator('.tool-btn').waitFor({ state: 'visible' });
    await pageSettled();
    await current().locator('.tool-btn').click();
    await current().locator('[data-testid="self-handled"]').waitFor({ state: 'visible' });
    await pageSettled();
    await current().locator('.place').getByText('许昌市魏都区南关街道', { exact: true }).waitFor({ state: 'visible' });
    await current()
      .locator('[data-testid="photo-input"]')
      .setInputFiles({ name: 'found.jpg', mimeType: 'image/jpeg', buffer: await realJpeg() });
    await current().locator('[data-testid="photo-uploaded"]').waitFor({ state: 'visible' });
    await exact('环境卫生').click();
    await current().locator('.chip[data-code="200102"]').click();
    await current().locator('[data-field="description"] textarea').fill('巡查发现路边两袋垃圾，已当场清理');
    await current().locator('[data-testid="self-handled"]').click();
    await current()
      .locator('[data-testid="after-photo-input"]')
      .setInputFiles({ name: 'done.jpg', mimeType: 'image/jpeg', buffer: await realJpeg(true) });
    await current().locator('[data-testid="after-photo-uploaded"]').waitFor({ state: 'visible' });
    await assertNoHorizontalScroll('patrol report');
    await fullShot('staff-6d-inspector-patrol-report.png');
    await current().locator('.submit-bar .nut-button').filter({ hasText: '提交并结案' }).click();
    const sheet = page.locator('[data-testid="duplicates-sheet"]');
    const done = page.locator('[data-testid="case-no"]');
    await Promise.race([done.waitFor({ state: 'visible' }), sheet.waitFor({ state: 'visible' })]);
    if (await sheet.isVisible()) await sheet.locator('.nut-button').filter({ hasText: '仍要上报' }).click();
    await done.waitFor({ state: 'visible' });
    await exact('已当场处置并结案').waitFor({ state: 'visible' });
  }),
);

test(
  '7 demo-operator closes it',
  step('close', async () => {
    await loginAs('demo-operator');
    await openFromWorkbench(caseNo, null);
    assert.deepEqual(await actionButtons(), ['close', 'void']);
    await press('close');
    await page.locator('[data-testid="confirm-close"]').waitFor({ state: 'visible' });
    await confirmSheet('确认结案');
    await doneBanner(/^已结案$/);
    await current().locator('.status-tag[data-status="closed"]').waitFor({ state: 'visible' });
    assert.equal(await current().locator('[data-testid="action-bar"]').count(), 0, 'nothing left to do');
    await fullShot('staff-7-operator-closed.png');
  }),
);

test(
  '8 demo-citizen sees 已结案 with the whole timeline and rates it 5',
  step('rate', async () => {
    await loginAs('demo-citizen');
    await page.goto(`${BASE_URL}/packages/citizen/pages/detail/index?id=${caseId}`, { waitUntil: 'domcontentloaded' });
    await current().getByText('处理记录', { exact: true }).waitFor({ state: 'visible' });
    await pageSettled();
    await current().locator('.status-tag[data-status="closed"]').waitFor({ state: 'visible' });
    const timeline = await current().locator('[data-testid="timeline"]').innerText();
    for (const step of ['上报问题', '立案', '派遣', '处置完成', '派发核查', '核查通过', '结案']) assert.match(timeline, new RegExp(step));
    // No staff names to the public.
    for (const name of ['演示受理员', '演示派遣员', '演示网格员']) assert.doesNotMatch(timeline, new RegExp(name));
    const form = current().locator('[data-testid="rating-form"]');
    await form.waitFor({ state: 'visible' });
    await form.locator('[data-star="5"]').click();
    await form.locator('textarea').fill('清理得很及时，谢谢');
    await fullShot('staff-8-citizen-closed.png');
    await form.locator('.nut-button').filter({ hasText: '提交评价' }).click();
    await current().locator('[data-testid="rating-done"]').waitFor({ state: 'visible' });
    await fullShot('staff-9-citizen-rated.png');
  }),
);
