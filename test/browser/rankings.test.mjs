// 排行榜, a unit's page and 考评通报 in Chromium, against a running server with demo data (demo mode
// publishes 2023-02 from the source bulletin and two computed months):
//   BASE_URL=http://127.0.0.1:3000 node --test test/browser/rankings.test.mjs
// Screenshots go to test/artifacts/ (rank-1-… to rank-8-…).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, BASE_URL, launchPhone, taroHelpers } from './support.mjs';
const BULLETIN_TITLE = '许昌市城市管理综合考评2月份调度情况通报';
const FULL_MARKS_LINE = '市市场监督管理局、市政务服务和大数据管理局、市退役军人事务局、许昌供电公司、市投资集团有限公司 100分（优秀）';

let phone;
let context;
let page;

before(async () => {
  phone = await launchPhone();
  ({ page, context } = phone);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL }).catch(() => undefined);
  page.setDefaultTimeout(15_000);
});

after(async () => {
  await phone?.close();
});

const { assertNoHorizontalScroll, pageSettled, current, exact } = taroHelpers(() => page);

/** A screenshot of the whole page: Taro's page scrolls inside the viewport, so grow the viewport. */
async function fullShot(name) {
  const size = page.viewportSize();
  const height = await page.evaluate(() => {
    const el = [...document.querySelectorAll('.taro_page')].filter((p) => getComputedStyle(p).display !== 'none').pop();
    return Math.max(el?.scrollHeight ?? 0, document.documentElement.scrollHeight);
  });
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 4000) });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, name) });
  await page.setViewportSize(size);
  await page.waitForTimeout(300);
}

/** On failure, keep a screenshot of what the resident saw. */
function step(name, fn) {
  return async (t) => {
    try {
      await fn(t);
    } catch (err) {
      await page.screenshot({ path: path.join(ARTIFACTS, `rank-failure-${name}.png`), fullPage: true }).catch(() => undefined);
      throw err;
    }
  };
}

/** The rows of the visible group: [{name, rank, text, mark}]. */
async function rows() {
  const list = current().locator('[data-testid="rank-row"]');
  await list.first().waitFor({ state: 'visible' });
  return list.evaluateAll((els) =>
    els.map((el) => ({
      name: el.querySelector('.rank-row__name')?.textContent ?? '',
      rank: el.querySelector('[data-testid="rank"]')?.textContent ?? '',
      text: el.textContent ?? '',
      mark: el.getAttribute('data-mark'),
    })),
  );
}

async function pickMonth(label) {
  await exact('切换 ▾').click();
  const sheet = current().locator('[data-testid="month-sheet"]');
  await sheet.waitFor({ state: 'visible' });
  await sheet.getByText(label, { exact: true }).click();
  await sheet.waitFor({ state: 'detached' });
}

async function tab(label) {
  await current().locator('[role="tab"]').filter({ hasText: label }).click();
  await current().locator('[role="tab"][aria-selected="true"]').filter({ hasText: label }).waitFor();
}

let latestMonth;

test(
  '排行榜 from the home page: 2023年2月, 中心城区 and 乡镇街道 in bulletin order, marks and ties',
  step('ranking', async () => {
    const months = await (await fetch(`${BASE_URL}/api/v1/rankings`)).json();
    assert.ok(
      months.some((m) => m.month === '2023-02'),
      'demo data publishes 2023-02',
    );
    latestMonth = months[0].month;

    await page.goto(`${BASE_URL}/`, { waitUntil: 'domcontentloaded' });
    await exact('许昌智慧城管便民服务平台').waitFor({ state: 'visible' });
    // The notice bar carries the latest bulletin's title.
    await current()
      .locator('.notice-bar')
      .getByText(/调度情况通报$/)
      .waitFor({ state: 'visible' });
    await pageSettled();
    await exact('排行榜').click();

    // The latest published month first.
    await current().locator('.month-picker__value').waitFor({ state: 'visible' });
    await pageSettled();
    const latestLabel = `${latestMonth.slice(0, 4)}年${Number(latestMonth.slice(5))}月`;
    assert.equal(await current().locator('.month-picker__value').textContent(), latestLabel);
    await current().locator('[data-testid="rank-row"]').first().waitFor({ state: 'visible' });
    await assertNoHorizontalScroll('排行榜 latest');
    await fullShot('rank-1-latest.png');

    await exact('切换 ▾').click();
    const sheet = current().locator('[data-testid="month-sheet"]');
    await sheet.waitFor({ state: 'visible' });
    const options = await sheet.locator('[role="option"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-month')));
    assert.deepEqual(
      options,
      months.map((m) => m.month),
      'months latest first',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'rank-2-month-picker.png') });
    await sheet.getByText('2023年2月', { exact: true }).click();
    await sheet.waitFor({ state: 'detached' });
    await current().locator('.month-picker__value').getByText('2023年2月').waitFor();
    await current()
      .getByText(/共采集上报城市管理问题 35395 件，结案率 88.41%/)
      .waitFor({ state: 'visible' });

    await tab('中心城区');
    const central = await rows();
    assert.equal(central[0].name, '市城乡一体化示范区');
    assert.match(central[0].text, /92\.24分/);
    assert.match(central[0].text, /良好/);
    assert.equal(central[0].rank, '1');
    assert.equal(central[0].mark, 'top1');
    const last = central[central.length - 1];
    assert.equal(last.name, '许昌经济技术开发区');
    assert.match(last.text, /78\.74分/);
    assert.match(last.text, /不合格/);
    assert.equal(last.mark, 'bottom');
    // Grade tag colours as ux.md has them.
    const tones = await current()
      .locator('.rank-row .grade-tag')
      .evaluateAll((els) => els.map((el) => [el.textContent, getComputedStyle(el).color]));
    const colour = Object.fromEntries(tones);
    assert.equal(colour['良好'], 'rgb(9, 88, 217)');
    assert.equal(colour['不合格'], 'rgb(192, 48, 42)');
    assert.equal(colour['合格'], 'rgb(78, 89, 105)');
    await assertNoHorizontalScroll('中心城区');
    await fullShot('rank-3-central-2023-02.png');

    await tab('市直单位');
    const city = await rows();
    assert.deepEqual(
      city.slice(0, 5).map((r) => r.rank),
      ['1', '1', '1', '1', '1'],
      'five units share 100 and rank 1',
    );
    const gongan = city.find((r) => r.name === '市公安局');
    assert.equal(gongan.mark, 'top3', '97.36 is the third score, as in the bulletin');
    assert.equal(gongan.rank, '3', 'placed third, as the bulletin counts: 100, 99.6, 97.36');
    await fullShot('rank-4-city-2023-02.png');

    await tab('乡镇街道');
    const street = await rows();
    assert.equal(street[0].name, '东城区永昌街道办事处');
    assert.match(street[0].text, /99\.42分/);
    assert.equal(street[street.length - 1].name, '许昌经济技术开发区长村张街道办事处');
    await assertNoHorizontalScroll('乡镇街道');
    await fullShot('rank-5-street-2023-02.png');

    // 320 px: still no horizontal scroll, long names wrap.
    await page.setViewportSize({ width: 320, height: 800 });
    await page.waitForTimeout(600);
    await assertNoHorizontalScroll('乡镇街道 320px');
    await page.screenshot({ path: path.join(ARTIFACTS, 'rank-5b-street-320.png') });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(400);
  }),
);

test(
  'a unit of a computed month: score, rank in group, trend chart and the breakdown item by item',
  step('unit', async () => {
    latestMonth ??= (await (await fetch(`${BASE_URL}/api/v1/rankings`)).json())[0].month;
    await page.goto(`${BASE_URL}/packages/public/pages/ranking/index?month=${latestMonth}`, { waitUntil: 'domcontentloaded' });
    await pageSettled();
    await tab('中心城区');
    const central = await rows();
    await current().locator('[data-testid="rank-row"]').last().click();

    await current().locator('[data-testid="unit-score"]').waitFor({ state: 'visible' });
    await pageSettled();
    await exact(central[central.length - 1].name).waitFor({ state: 'visible' });
    assert.match(await current().locator('[data-testid="unit-rank"]').textContent(), /^组内第 \d+ 名 \/ 共 5 个单位$/);

    const items = await current()
      .locator('[data-testid="breakdown-item"]')
      .evaluateAll((els) => els.map((el) => el.textContent));
    for (const name of ['结案率', '按期结案率', '返工率', '超期案件']) {
      assert.ok(
        items.some((t) => t.startsWith(name)),
        `breakdown lists ${name}: ${items.join(' | ')}`,
      );
    }
    assert.ok(
      items.some((t) => /得 [\d.]+ 分（满分 \d+ 分）/.test(t)),
      'points of weight',
    );
    assert.ok(
      items.every((t) => /应结案 \d+ 件|按满分计|返工 \d+ 件|不扣分|超期 \d+ 件|达标率|原因：/.test(t)),
      `every item says its basis: ${items.join(' | ')}`,
    );

    // The trend: one row per published month, and a chart that was actually drawn.
    const points = await current().locator('[data-testid="trend-point"]').count();
    assert.ok(points >= 3, `trend has the published months (${points})`);
    await page.waitForFunction(() => {
      const c = [...document.querySelectorAll('.taro_page')].pop()?.querySelector('.trend__canvas canvas');
      if (!c || !c.width) return false;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 4 * 7) if (d[i] > 0) return true;
      return false;
    });
    await assertNoHorizontalScroll('unit');
    await fullShot('rank-6-unit-computed.png');

    // An imported month says it has no items.
    await current().locator('[data-testid="trend-point"][data-month="2023-02"]').click();
    await current().getByText('该月分数为公开通报导入，无分项明细。').waitFor({ state: 'visible' });
    await fullShot('rank-6b-unit-imported.png');
  }),
);

test(
  '考评通报 for 2023-02: the document, 复制全文, the spreadsheet',
  step('bulletin', async () => {
    await page.goto(`${BASE_URL}/`, { waitUntil: 'domcontentloaded' });
    await exact('许昌智慧城管便民服务平台').waitFor({ state: 'visible' });
    await pageSettled();
    await exact('考评通报').click();
    await current().locator('.month-picker__value').waitFor({ state: 'visible' });
    await pageSettled();
    await current().locator('[data-testid="bulletin-doc"]').waitFor({ state: 'visible' });
    await pickMonth('2023年2月');

    const doc = current().locator('[data-testid="bulletin-doc"]');
    await doc.getByText(BULLETIN_TITLE, { exact: true }).waitFor({ state: 'visible' });
    const text = await doc.textContent();
    assert.ok(text.includes(BULLETIN_TITLE), 'title');
    assert.ok(text.includes(FULL_MARKS_LINE), 'the five units with full marks on one line');
    assert.ok(
      text.includes('市退役军人事务局、许昌供电公司等 5 家市直及企事业单位成绩满分；许昌经济技术开发区、许昌电信公司成绩较差。'),
      'the introduction as the page printed it',
    );
    const headings = await doc.locator('[role="heading"]').evaluateAll((els) => els.map((el) => el.textContent));
    assert.deepEqual(
      headings.filter((h) => /^[一二三四]、/.test(h)),
      ['一、两市两县组', '二、中心城区组', '三、市直单位及企事业单位组', '四、乡（镇、街道）组'],
    );
    await assertNoHorizontalScroll('考评通报');
    await fullShot('rank-7-bulletin-2023-02.png');

    // 复制全文 puts exactly the server's text on the clipboard.
    const serverText = await (await fetch(`${BASE_URL}/api/v1/rankings/2023-02/bulletin`)).text();
    await current().locator('.nut-button').filter({ hasText: '复制全文' }).click();
    await current().getByText('已复制通报全文').or(page.getByText('已复制通报全文')).first().waitFor({ state: 'visible' });
    const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
    if (copied !== null) assert.equal(copied, serverText);
    await page.screenshot({ path: path.join(ARTIFACTS, 'rank-8-bulletin-copied.png') });

    // The spreadsheet link (H5).
    const href = await current().locator('a.bulletin__download').getAttribute('href');
    assert.equal(href, '/api/v1/rankings/2023-02/bulletin?format=xlsx');
    const res = await fetch(`${BASE_URL}${href}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /spreadsheetml/);

    await page.setViewportSize({ width: 320, height: 800 });
    await page.waitForTimeout(600);
    await assertNoHorizontalScroll('考评通报 320px');
    await page.screenshot({ path: path.join(ARTIFACTS, 'rank-8b-bulletin-320.png') });
    await page.setViewportSize({ width: 375, height: 812 });
  }),
);
