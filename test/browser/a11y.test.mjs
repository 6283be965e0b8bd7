// Every page of the H5 client at 320 and 390 px, as the role that uses it: touch targets at least
// 44 × 44 CSS px and text contrast at WCAG AA (4.5:1, 3:1 for large text), measured in Chromium;
// no horizontal scroll; a full-page screenshot of each under test/artifacts/a11y-<page>-<width>.png.
// Needs a running server in demo mode that serves the H5 build:
//   BASE_URL=http://127.0.0.1:3000 node --test test/browser/a11y.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ARTIFACTS, BASE_URL, launchPhone, taroHelpers } from './support.mjs';

const WIDTHS = [320, 390];
const POSITION = { latitude: 34.0235, longitude: 113.823, accuracy: 15 };

let phone;
let page;
const sessions = new Map();

before(async () => {
  phone = await launchPhone({ geolocation: POSITION });
  page = phone.page;
});

after(async () => {
  await phone?.close();
});

const { assertNoHorizontalScroll, pageSettled } = taroHelpers(() => page, {
  ignore: ['.gallery__swiper', 'input[type=file]', '.photo-uploader__file-input'],
});

async function api(pathname, { username, method = 'GET', body } = {}) {
  const session = username ? await sessionOf(username) : null;
  const res = await fetch(`${BASE_URL}/api/v1${pathname}`, {
    method,
    headers: {
      ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(res.ok, `${method} ${pathname}: ${res.status} ${await res.clone().text()}`);
  return res.json();
}

async function sessionOf(username) {
  if (!sessions.has(username)) {
    const res = await fetch(`${BASE_URL}/api/v1/auth/demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username }),
    });
    assert.ok(res.ok, `demo login ${username}: ${res.status}`);
    const t = await res.json();
    sessions.set(username, { accessToken: t.accessToken, refreshToken: t.refreshToken, user: t.user });
  }
  return sessions.get(username);
}

/** The app's persisted session as Taro's H5 storage holds it (`{data: <json>}`), or none. */
async function useAccount(username) {
  const session = username ? await sessionOf(username) : null;
  await page.evaluate((s) => {
    localStorage.clear();
    if (s) localStorage.setItem('xc.session', JSON.stringify({ data: JSON.stringify(s) }));
  }, session);
}

/**
 * Measures the visible page: every touch target (an element with a click handler, a form control,
 * or an ARIA control) smaller than 44 × 44, and every piece of text below its WCAG AA contrast
 * against the background actually painted behind it (background colours composited up the tree,
 * gradients at their worst stop, photos as black or white, whichever is worse).
 */
function measure() {
  const root = [...document.querySelectorAll('.taro_page')].filter((p) => getComputedStyle(p).display !== 'none').pop();
  const scopes = [root, ...document.querySelectorAll('.taro_page ~ *, body > .nut-overlay, body > .nut-popup')].filter(Boolean);

  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c ?? '');
    if (!m) return null;
    const [r, g, b, a = '1'] = m[1].split(/[ ,/]+/).filter(Boolean);
    return [Number(r), Number(g), Number(b), Number(a)];
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1);
  };
  const lum = (c) => {
    const ch = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
    }
    return true;
  };
  /** The backgrounds that may lie behind `el`: one composited colour per possibility. */
  const backgrounds = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      const stops = [...(s.backgroundImage ?? '').matchAll(/rgba?\([^)]+\)/g)].map((m) => parse(m[0]));
      if (stops.length) {
        layers.push({ options: stops });
        if (stops.every((c) => c[3] === 1)) break;
      }
      const bg = parse(s.backgroundColor);
      if (bg && bg[3] > 0) {
        layers.push({ options: [bg] });
        if (bg[3] === 1) break;
      }
      if (e.tagName === 'IMG' || s.backgroundImage.includes('url(') || e.matches('.taro-img, taro-image-core, video, canvas')) {
        layers.push({
          options: [
            [0, 0, 0, 1],
            [255, 255, 255, 1],
          ],
        });
        break;
      }
    }
    let results = [[255, 255, 255, 1]];
    for (const layer of layers.reverse()) results = results.flatMap((under) => layer.options.map((top) => over(top, under)));
    return results;
  };
  const label = (el) => {
    const cls = typeof el.className === 'string' ? el.className.split(' ').filter(Boolean).slice(0, 2).join('.') : '';
    const text = (el.innerText ?? el.value ?? el.placeholder ?? '').trim().replace(/\s+/g, ' ').slice(0, 16);
    return `${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}「${text}」`;
  };
  const disabled = (el) => !!el.closest('[disabled], [aria-disabled="true"], .nut-button--disabled');
  const reactProps = (el) => {
    const key = Object.keys(el).find((k) => k.startsWith('__reactProps$'));
    return key ? el[key] : null;
  };

  const targets = [];
  const contrast = [];
  const seen = new Set();
  for (const scope of scopes) {
    for (const el of scope.querySelectorAll('*')) {
      if (seen.has(el)) continue;
      seen.add(el);
      if (!visible(el)) continue;
      const s = getComputedStyle(el);
      // Touch targets. A control nested inside a larger one of the same purpose (NutUI's inner
      // parts) is covered by the outer one; what counts is what a finger can hit.
      const props = reactProps(el);
      const control =
        typeof props?.onClick === 'function' ||
        !!el.__events?.click || // Taro's H5 components keep their handlers here
        !!el.__events?.tap ||
        el.matches(
          'button, a[href], select, textarea, input:not([type=hidden]):not([type=file]), [role=button], [role=tab], [role=radio], [role=switch], [role=link], [role=checkbox]',
        );
      if (control && s.pointerEvents !== 'none' && !disabled(el)) {
        const outer = el.parentElement?.closest('button, taro-button-core, .nut-button, taro-input-core, taro-textarea-core, .nut-cell');
        const r = el.getBoundingClientRect();
        const box = outer && outer !== el ? outer.getBoundingClientRect() : r;
        const w = Math.max(r.width, box.width);
        const h = Math.max(r.height, box.height);
        if (w < 43.5 || h < 43.5) targets.push(`${label(el)} ${Math.round(w)}×${Math.round(h)}`);
      }
      // Text: elements with text of their own.
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      const checks = [];
      if (own) checks.push({ color: s.color, what: label(el) });
      if ((el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') && el.placeholder && !el.value) {
        checks.push({ color: getComputedStyle(el, '::placeholder').color, what: `${label(el)} placeholder` });
      }
      if (!checks.length || disabled(el)) continue;
      const size = parseFloat(s.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
      const need = large ? 3 : 4.5;
      let opacity = 1;
      for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      for (const c of checks) {
        const fg = parse(c.color);
        if (!fg) continue;
        const worst = Math.min(...backgrounds(el).map((bg) => ratio(over([fg[0], fg[1], fg[2], fg[3] * opacity], bg), bg)));
        if (worst < need) contrast.push(`${c.what} ${worst.toFixed(2)}:1 < ${need}:1 (${c.color})`);
      }
    }
  }
  return { targets, contrast };
}

/** A screenshot of the whole page: Taro's page scrolls inside the viewport, so grow the viewport. */
async function fullShot(name, width) {
  const height = await page.evaluate(() => {
    const el = [...document.querySelectorAll('.taro_page')].filter((p) => getComputedStyle(p).display !== 'none').pop();
    return Math.max(el?.scrollHeight ?? 0, document.documentElement.scrollHeight);
  });
  await page.setViewportSize({ width, height: Math.min(Math.max(height, 800), 5000) });
  await pageSettled();
  await page.screenshot({ path: path.join(ARTIFACTS, name) });
  await page.setViewportSize({ width, height: 800 });
}

/** Until the page has drawn its data: no skeleton, nothing busy, its own marker visible. */
async function ready(marker) {
  await pageSettled();
  await page.locator('.taro_page:visible').last().locator(marker).first().waitFor({ state: 'visible' });
  await page.waitForFunction(() => {
    const el = [...document.querySelectorAll('.taro_page')].filter((p) => getComputedStyle(p).display !== 'none').pop();
    return el && !el.querySelector('.nut-skeleton, [aria-busy="true"]');
  });
}

/** Data the pages open on: cases picked through the API as each role sees them. */
async function fixtures() {
  const mine = await api('/cases?scope=mine&limit=50', { username: 'demo-citizen' });
  const closed = mine.items.find((c) => c.status === 'closed') ?? mine.items[0];
  const pending = mine.items.find((c) => c.status === 'pending') ?? mine.items[0];
  const operatorTodo = await api('/cases?scope=todo&status=reported&limit=1', { username: 'demo-operator' });
  const dispatcherTodo = await api('/cases?scope=todo&limit=1', { username: 'demo-dispatcher' });
  const handlerTodo = await api('/cases?scope=todo&status=dispatched&limit=20', { username: 'demo-handler' });
  const rankings = await api('/rankings');
  const month = rankings[0].month;
  const ranking = await api(`/rankings/${month}`);
  const unit = ranking.groups[1].units[0];
  const handlerCase = handlerTodo.items.find((c) => c.version > 0) ?? handlerTodo.items[0];
  return { closed, pending, reported: operatorTodo.items[0], dispatcherCase: dispatcherTodo.items[0], handlerCase, month, unit };
}

let data;
const report = {};

const q = (url, query) => `${url}?${new URLSearchParams(query)}`;

/** Every page, as the role that uses it (`url` from the fixtures where it needs a case or a month). */
const PAGES = [
  { name: 'home', user: null, url: '/pages/index/index', marker: '.figures__value' },
  { name: 'home-staff', user: 'demo-operator', url: '/pages/index/index', marker: '.workbench-tile' },
  { name: 'login', user: null, url: '/pages/login/index', marker: '[data-username="demo-citizen"]' },
  { name: 'me', user: 'demo-citizen', url: '/pages/me/index', marker: '.me__name' },
  // 消息中心: messages when earlier tests left some on this server, else its empty state.
  { name: 'messages', user: 'demo-operator', url: '/packages/messages/pages/index/index', marker: '[data-testid="message"], .state-view' },
  { name: 'about', user: null, url: '/packages/info/pages/about/index', marker: '.info__title' },
  { name: 'help', user: null, url: '/packages/info/pages/help/index', marker: '.info__title' },
  { name: 'privacy', user: null, url: '/packages/info/pages/privacy/index', marker: '.info__title' },
  { name: 'terms', user: null, url: '/packages/info/pages/terms/index', marker: '.info__title' },
  { name: 'consent', user: 'demo-citizen-2', url: '/packages/info/pages/consent/index', marker: '[data-testid="consent-points"]' },
  { name: 'my-data', user: 'demo-citizen-2', url: '/packages/info/pages/my-data/index', marker: '[data-testid="export-summary"]' },
  { name: 'delete-account', user: 'demo-citizen-2', url: '/packages/info/pages/delete-account/index', marker: '.delete-account__actions' },
  { name: 'report', user: 'demo-citizen', url: '/packages/citizen/pages/report/index', marker: '.place__sub' },
  {
    // The category chips of a theme, and 展开全部.
    name: 'report-chips',
    user: 'demo-citizen',
    url: '/packages/citizen/pages/report/index',
    marker: '.place__sub',
    then: async (current) => {
      await current.getByText('市容秩序', { exact: true }).click();
      await current.locator('.chips--categories .chip').first().waitFor({ state: 'visible' });
    },
  },
  {
    name: 'success',
    user: 'demo-citizen',
    url: (d) => q('/packages/citizen/pages/success/index', { id: d.closed.id, caseNo: d.closed.caseNo }),
    marker: '[data-testid="case-no"]',
  },
  { name: 'mine', user: 'demo-citizen', url: '/packages/citizen/pages/mine/index', marker: '[data-testid="case-card"]' },
  {
    name: 'detail-closed',
    user: 'demo-citizen',
    url: (d) => q('/packages/citizen/pages/detail/index', { id: d.closed.id }),
    marker: '[data-testid="timeline"]',
  },
  {
    name: 'detail-pending',
    user: 'demo-citizen',
    url: (d) => q('/packages/citizen/pages/detail/index', { id: d.pending.id }),
    marker: '[data-testid="timeline"]',
  },
  { name: 'nearby', user: 'demo-citizen', url: '/packages/citizen/pages/nearby/index', marker: '[data-testid="case-card"]' },
  {
    name: 'ranking',
    user: null,
    url: (d) => q('/packages/public/pages/ranking/index', { month: d.month }),
    marker: '[data-testid="rank-row"]',
  },
  { name: 'bulletin', user: null, url: (d) => q('/packages/public/pages/bulletin/index', { month: d.month }), marker: '.bulletin__bar' },
  {
    name: 'unit',
    user: null,
    url: (d) => q('/packages/public/pages/unit/index', { month: d.month, unitId: d.unit.id, name: d.unit.name }),
    marker: '.trend',
  },
  {
    name: 'workbench-operator',
    user: 'demo-operator',
    url: '/packages/staff/pages/workbench/index',
    marker: '[data-testid="todo-card"]',
  },
  {
    name: 'workbench-inspector',
    user: 'demo-inspector',
    url: '/packages/staff/pages/workbench/index',
    marker: '[data-testid="patrol-entry"]',
  },
  {
    name: 'case-operator',
    user: 'demo-operator',
    url: (d) => q('/packages/staff/pages/case/index', { id: d.reported.id }),
    marker: '[data-testid="action-bar"]',
  },
  {
    name: 'case-dispatcher',
    user: 'demo-dispatcher',
    url: (d) => q('/packages/staff/pages/case/index', { id: d.dispatcherCase.id }),
    marker: '[data-testid="action-bar"]',
  },
  {
    // The handler's 申请延期 sheet: the extension chips.
    name: 'case-handler-extension',
    user: 'demo-handler',
    url: (d) => q('/packages/staff/pages/case/index', { id: d.handlerCase.id }),
    marker: '[data-testid="action-bar"]',
    then: async (current) => {
      await current.locator('[data-action="request-extension"]').click();
      await page.locator('.pick-chip').first().waitFor({ state: 'visible' });
    },
  },
  { name: 'patrol', user: 'demo-inspector', url: '/packages/staff/pages/patrol/index', marker: '[data-testid="patrol-state"]' },
];

test('fixtures: cases and a published month to open the pages on', async () => {
  data = await fixtures();
  assert.ok(data.closed && data.reported && data.dispatcherCase && data.handlerCase && data.month && data.unit);
});

for (const p of PAGES) {
  test(`${p.name}: touch targets ≥ 44 px and WCAG AA contrast at ${WIDTHS.join(' and ')} px`, async () => {
    const url = typeof p.url === 'function' ? p.url(data) : p.url;
    const problems = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${BASE_URL}/pages/login/index`, { waitUntil: 'domcontentloaded' });
      await useAccount(p.user);
      await page.goto(`${BASE_URL}${url}`, { waitUntil: 'domcontentloaded' });
      try {
        await ready(p.marker);
        if (p.then) await p.then(page.locator('.taro_page:visible').last());
      } catch (err) {
        await page.screenshot({ path: path.join(ARTIFACTS, `a11y-failure-${p.name}-${width}.png`), fullPage: true });
        throw err;
      }
      await assertNoHorizontalScroll(`${p.name} at ${width}px`);
      const m = await page.evaluate(measure);
      for (const t of m.targets) problems.push(`${width}px touch target ${t}`);
      for (const c of m.contrast) problems.push(`${width}px contrast ${c}`);
      await fullShot(`a11y-${p.name}-${width}.png`, width);
    }
    report[p.name] = problems;
    await writeFile(path.join(ARTIFACTS, 'a11y-report.json'), JSON.stringify(report, null, 1));
    assert.deepEqual(problems, [], `${p.name}:\n${problems.join('\n')}`);
  });
}
