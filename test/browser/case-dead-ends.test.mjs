// Issue 11, dead ends in the case path, in Chromium (H5) through the UI alone:
// demo-citizen, without location permission, places a report by 手动选择 (魏都区 → 西大街道 →
// 顺城社区, then a tap inside the community's outline: no coordinates typed) and files it with
// only a theme (环境卫生) → demo-operator must pick a category to register it (暴露垃圾) →
// demo-dispatcher corrects it (修改类别 → 积存垃圾渣土) and dispatches it → demo-handler finishes
// it → demo-operator sends it to 核查 and the form says to whom (the grid's inspector) →
// demo-inspector finds it in the to-do and passes it → demo-operator closes it; the timeline shows
// each category change. Needs a running server (demo mode) that serves the H5 build:
//   BASE_URL=http://127.0.0.1:3000 node --test test/browser/case-dead-ends.test.mjs
// Screenshots: test/artifacts/deadend-….
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchPhone, staffFlow } from './support.mjs';

const DESCRIPTION = `顺城社区菜市场北门外人行道上堆着几袋生活垃圾，无人清运（主题上报测试 ${new Date().toISOString().slice(11, 19)}）。`;
const PLACE = '许昌市魏都区西大街道顺城社区';

let phone;
let page;

before(async () => {
  // No geolocation permission: the resident has to place the report by hand.
  phone = await launchPhone();
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
} = staffFlow(() => page, { ignore: ['.gallery__swiper', 'input[type=file]'], failurePrefix: 'deadend' });

/** A spot (page coordinates) on the community's outline map, inside it or outside it, away from the pin. */
async function mapSpot(inside) {
  const spot = await current()
    .locator('[data-testid="spot-map"] svg')
    .evaluate((svg, wantInside) => {
      svg.scrollIntoView({ block: 'center' });
      const r = svg.getBoundingClientRect();
      const pin = svg.querySelector('[data-testid="spot-pin"]').getBoundingClientRect();
      // Of the spots of the wanted kind, the one nearest the map's centre (a tap where a resident would).
      let best = null;
      for (let fy = 0.03; fy < 1; fy += 0.04)
        for (let fx = 0.03; fx < 1; fx += 0.04) {
          const x = r.left + fx * r.width;
          const y = r.top + fy * r.height;
          if (Math.hypot(x - (pin.left + pin.width / 2), y - pin.bottom) < 60) continue;
          const hit = document.elementFromPoint(x, y);
          if (!hit || hit.closest('[data-testid="spot-pin"]') || !svg.contains(hit)) continue;
          if (hit.classList.contains('place-map__area') !== wantInside) continue;
          const d = Math.hypot(x - (r.left + r.width / 2), y - (r.top + r.height / 2));
          if (!best || d < best.d) best = { x, y, d };
        }
      return best && { x: best.x, y: best.y };
    }, inside);
  assert.ok(spot, `no spot ${inside ? 'inside' : 'outside'} the outline`);
  return spot;
}

let caseNo;

test(
  '1 demo-citizen places the report by 区 → 街道 → 社区 and a tap, and files it with only a theme',
  step('report', async () => {
    await loginAs('demo-citizen');
    await page.locator('.report-tile').click();
    await current().locator('[data-field="photos"]').waitFor({ state: 'visible' });
    await pageSettled();
    await current()
      .getByText(/未获得定位权限|暂时无法定位/)
      .waitFor({ state: 'visible' });
    await exact('手动选择').click();
    const picker = current().locator('[data-testid="manual-location"]');
    await picker.getByRole('radio', { name: '魏都区' }).click();
    // No field asks for coordinates: the only input is the name search.
    assert.equal(await picker.locator('input').count(), 1);
    await picker.getByRole('radio', { name: '西大街道' }).click();
    await picker.getByRole('radio', { name: '顺城社区' }).click();
    const map = picker.locator('[data-testid="spot-map"]');
    await map.locator('polygon').first().waitFor({ state: 'visible' });
    const pinBefore = await map.locator('[data-testid="spot-pin"]').getAttribute('transform');

    const outside = await mapSpot(false);
    await page.mouse.click(outside.x, outside.y);
    await picker.getByText('请点在蓝色的社区范围内', { exact: true }).waitFor({ state: 'visible' });
    const inside = await mapSpot(true);
    await page.mouse.click(inside.x, inside.y);
    await picker.getByText(`已选：${PLACE}（已在图中标出位置）`, { exact: true }).waitFor({ state: 'visible' });
    assert.notEqual(await map.locator('[data-testid="spot-pin"]').getAttribute('transform'), pinBefore, 'the pin moved to the tap');
    assert.equal(await picker.getByText('请点在蓝色的社区范围内', { exact: true }).count(), 0);

    await page.setViewportSize({ width: 390, height: 844 });
    await picker.scrollIntoViewIfNeeded();
    await assertNoHorizontalScroll('manual place picker at 390px');
    await shot('deadend-1a-manual-place-390.png');
    await at320('manual place picker');
    await page.setViewportSize({ width: 320, height: 700 });
    await picker.locator('[data-testid="spot-map"]').scrollIntoViewIfNeeded();
    await shot('deadend-1b-manual-place-320.png');
    await page.setViewportSize({ width: 390, height: 844 });

    await picker.locator('.nut-button').filter({ hasText: '确定位置' }).click();
    await current().locator('.place').getByText(PLACE, { exact: true }).waitFor({ state: 'visible' });
    await current()
      .locator('.place')
      .getByText(/^所属网格：顺城社区/)
      .waitFor({ state: 'visible' });

    await current()
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: 'rubbish.jpg', mimeType: 'image/jpeg', buffer: await realJpeg() });
    await current().locator('[data-testid="photo-uploaded"]').waitFor({ state: 'visible' });
    await exact('环境卫生').click();
    await current().locator('[data-field="description"] textarea').fill(DESCRIPTION);
    await fullShot('deadend-1c-theme-only-report.png');
    await current().locator('.submit-bar .nut-button').filter({ hasText: '提交上报' }).click();
    const caseNoText = page.locator('[data-testid="case-no"]');
    const sheet = page.locator('[data-testid="duplicates-sheet"]');
    await Promise.race([caseNoText.waitFor({ state: 'visible' }), sheet.waitFor({ state: 'visible' })]);
    if (await sheet.isVisible()) await sheet.locator('.nut-button').filter({ hasText: '仍要上报' }).click();
    await caseNoText.waitFor({ state: 'visible' });
    caseNo = (await caseNoText.innerText()).trim();
    assert.match(caseNo, /^XC\d{8,}/);
  }),
);

test(
  '2 demo-operator cannot register it without a category, picks one of the theme, and registers it',
  step('register', async () => {
    assert.ok(caseNo, 'reported first');
    await loginAs('demo-operator');
    await openFromWorkbench(caseNo, null);
    await exact('环境卫生（未确定类别）').waitFor({ state: 'visible' });
    assert.deepEqual(await actionButtons(), ['register', 'request-verify', 'recategorize', 'refuse', 'void']);
    await press('register');
    const form = page.locator('[data-testid="register-form"]');
    await form.getByText('上报人只选了主题「环境卫生」，请确定具体类别', { exact: true }).waitFor({ state: 'visible' });
    const chip = form.locator('[data-testid="category-picker"] [data-code="200102"]');
    await chip.waitFor({ state: 'visible' });
    await confirmSheet('确认立案');
    await form.getByText('请选择问题类别：上报人只选了主题，立案须确定具体类别', { exact: true }).waitFor({ state: 'visible' });
    await chip.click();
    await assertNoHorizontalScroll('register form');
    await shot('deadend-2a-register-form.png');
    await confirmSheet('确认立案');
    await doneBanner(/已立案/);
    await current().locator('.status-tag[data-status="registered"]').waitFor({ state: 'visible' });
    await current().getByText('问题类别：未确定 → 暴露垃圾', { exact: true }).waitFor({ state: 'visible' });
    assert.deepEqual(await actionButtons(), ['recategorize', 'void']);
  }),
);

test(
  '3 demo-dispatcher corrects the category (修改类别) and dispatches it with the new time limit',
  step('recategorize', async () => {
    await loginAs('demo-dispatcher');
    await openFromWorkbench(caseNo, null);
    assert.deepEqual(await actionButtons(), ['dispatch', 'recategorize']);
    await press('recategorize');
    const form = page.locator('[data-testid="recategorize-form"]');
    await form.getByText(/^当前：暴露垃圾（环境卫生）/).waitFor({ state: 'visible' });
    await form.locator('[data-testid="category-picker"] [data-code="200103"]').click();
    await form.locator('textarea').fill('现场为积存的建筑垃圾渣土');
    await assertNoHorizontalScroll('recategorize form');
    await at320('recategorize form');
    await shot('deadend-3a-recategorize-form.png');
    await confirmSheet('确认修改');
    await doneBanner(/已修改问题类别/);
    await current().locator('.staff-case__title').getByText('积存垃圾渣土', { exact: true }).waitFor({ state: 'visible' });
    await current().getByText('问题类别：暴露垃圾 → 积存垃圾渣土', { exact: true }).waitFor({ state: 'visible' });
    await fullShot('deadend-3b-recategorized.png');

    await press('dispatch');
    const dispatch = page.locator('[data-testid="dispatch-form"]');
    await dispatch
      .locator('[data-testid="deadline-preview"]')
      .getByText(/^积存垃圾渣土 · 时限/)
      .waitFor({ state: 'visible' });
    await dispatch.locator('.unit-row[data-unit-id="central-411002"]').click();
    await confirmSheet('派遣至 魏都区');
    await doneBanner(/已派遣至 魏都区/);
  }),
);

test(
  '4 demo-handler finishes it with an after-photo',
  step('finish', async () => {
    await loginAs('demo-handler');
    await openFromWorkbench(caseNo, null);
    await press('finish');
    const form = page.locator('[data-testid="finish-form"]');
    await form.waitFor({ state: 'visible' });
    await form.locator('input[type=file]').setInputFiles({ name: 'cleaned.jpg', mimeType: 'image/jpeg', buffer: await realJpeg(true) });
    await form.locator('[data-testid="photo-uploaded"]').waitFor({ state: 'visible' });
    await confirmSheet('提交处置结果');
    await doneBanner(/已提交处置结果/);
  }),
);

test(
  '5 demo-operator sends it to 核查 and sees before sending whom it goes to: the grid’s inspector',
  step('request-check', async () => {
    await loginAs('demo-operator');
    await openFromWorkbench(caseNo, null);
    await press('request-check');
    const form = page.locator('[data-testid="inspector-form"]');
    const goesTo = form.locator('[data-testid="inspector-goes-to"]');
    await goesTo.getByText('演示网格员（本网格的网格员）', { exact: true }).waitFor({ state: 'visible' });
    await assertNoHorizontalScroll('inspector form');
    await shot('deadend-5-request-check-form.png');
    await confirmSheet('确认派发核查');
    await doneBanner(/已派发核查给 演示网格员/);
    await current().locator('[data-testid="inspector"]').getByText('演示网格员', { exact: true }).waitFor({ state: 'visible' });
  }),
);

test(
  '6 demo-inspector finds it in the to-do and passes it',
  step('check', async () => {
    await loginAs('demo-inspector');
    await openFromWorkbench(caseNo, null);
    assert.deepEqual(await actionButtons(), ['check']);
    await press('check');
    const form = page.locator('[data-testid="check-form"]');
    await form.locator('[data-value="pass"]').click();
    await confirmSheet('提交核查结果');
    await doneBanner(/核查通过/);
  }),
);

test(
  '7 demo-operator closes it; the timeline tells the category story',
  step('close', async () => {
    await loginAs('demo-operator');
    await openFromWorkbench(caseNo, null);
    await press('close');
    await confirmSheet('确认结案');
    await doneBanner(/^已结案$/);
    const timeline = await current().locator('[data-testid="timeline"]').innerText();
    for (const line of ['修改类别', '问题类别：暴露垃圾 → 积存垃圾渣土', '问题类别：未确定 → 暴露垃圾', '派发核查', '核查通过', '结案'])
      assert.match(timeline, new RegExp(line));
    await fullShot('deadend-7-closed.png');
  }),
);
