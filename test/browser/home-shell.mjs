// The H5 home's first screen as static HTML (client/src/home-shell.html), which the H5 build puts in
// index.html: a phone that opens the platform's QR code sees 首页 and can tap 我要上报 when the HTML
// and the home's CSS have arrived, before the app's JavaScript has downloaded and run (issue 15:
// the home in 1.5 s on a slow phone). The app replaces it when its own home has rendered.
//
// Captured from the real home in Chromium, never written by hand:
//   npm run build && npm start            (or any server of this build)
//   node test/browser/home-shell.mjs [http://127.0.0.1:3000]
// `home-shell.test.mjs` fails when the committed shell no longer matches what the home renders.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchPhone } from './support.mjs';

export const SHELL_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'client', 'src', 'home-shell.html');

/** Where each tappable part of the shell leads (the app's own routes, client/src/utils/nav.ts). */
const LINKS = {
  我要上报: '/packages/citizen/pages/report/index',
  我的上报: '/packages/citizen/pages/mine/index',
  附近问题: '/packages/citizen/pages/nearby/index',
  排行榜: '/packages/public/pages/ranking/index',
  考评通报: '/packages/public/pages/bulletin/index',
  登录: '/pages/login/index',
  我的: '/pages/me/index',
};

/**
 * The home as an anonymous visitor sees it while its figures load (every API request held), turned
 * into plain HTML that needs no script: Taro's custom elements become div / span / img, the month in
 * the figures' title is left for index.html's inline script (the shell must not go stale), and each
 * tappable part carries `data-href`, which index.html's inline script follows until the app runs.
 */
export async function captureHomeShell(page, baseUrl) {
  await page.route('**/api/**', () => {}); // never answered: the figures stay loading
  await page.goto(`${baseUrl}/`);
  await page.locator('.taro_page .report-tile').waitFor();
  await page.locator('.taro_page .figures__skeleton').first().waitFor();
  // Settled: Taro's page animation over (it adds styles of its own while the page slides in).
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.taro_page')].every((el) => el.classList.contains('taro_page_stationed')),
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate((links) => {
    const home = document.querySelector('.taro_page .home');
    const clone = home.cloneNode(true);
    const TAGS = { 'TARO-VIEW-CORE': 'div', 'TARO-TEXT-CORE': 'span' };
    const convert = (el) => {
      if (el.tagName === 'TARO-IMAGE-CORE') {
        const img = el.querySelector('img');
        const out = document.createElement('img');
        out.setAttribute('src', img.getAttribute('src'));
        out.setAttribute('alt', '');
        out.className = `${el.className} ${img.className}`.trim();
        return out;
      }
      const tag = TAGS[el.tagName] ?? el.tagName.toLowerCase();
      const out = document.createElement(tag);
      // Test ids stay the app's own: a test must never find the shell in place of the page.
      for (const a of el.attributes) if (a.name !== 'data-testid') out.setAttribute(a.name, a.value);
      for (const child of el.childNodes) {
        if (child.nodeType === Node.ELEMENT_NODE) out.appendChild(convert(child));
        else if (child.nodeType === Node.TEXT_NODE && child.textContent.trim()) out.appendChild(document.createTextNode(child.textContent));
      }
      return out;
    };
    const shell = convert(clone);
    shell.querySelector('.figures__title').textContent = ' · 城市管理数据';
    shell.querySelector('.figures__title').setAttribute('data-month-title', '');
    for (const el of shell.querySelectorAll('.report-tile, .tile, .home__account, .bottom-nav__item, [class*="bottom-nav__item"]')) {
      const label =
        [...el.querySelectorAll('span')].map((s) => s.textContent.trim()).find((t) => links[t]) ?? el.getAttribute('aria-label');
      if (links[label]) el.setAttribute('data-href', links[label]);
    }
    // The CSS the first screen needs, inline (critical CSS): the rules of the loaded stylesheets that
    // apply to the home, the html or the body, and the keyframes they use. The stylesheets themselves
    // would share the slow link with the scripts and arrive as late as they do.
    const targets = [document.documentElement, document.body, home, ...home.querySelectorAll('*')];
    const applies = (selectorText) =>
      selectorText.split(',').some((sel) => {
        const base = sel
          .replace(/::?(before|after|placeholder|-webkit-[\w-]+)\b/g, '')
          .replace(/:(hover|active|focus|focus-visible|visited)\b/g, '')
          .trim();
        try {
          return base !== '' && targets.some((el) => el.matches(base));
        } catch {
          return false;
        }
      });
    const used = [];
    const keyframes = new Map();
    const walk = (rules, into) => {
      for (const r of rules) {
        if (r instanceof CSSStyleRule) {
          if (applies(r.selectorText)) into.push(r.cssText);
        } else if (r instanceof CSSMediaRule) {
          const inner = [];
          walk(r.cssRules, inner);
          if (inner.length) into.push(`@media ${r.conditionText}{${inner.join('')}}`);
        } else if (r instanceof CSSKeyframesRule) keyframes.set(r.name, r.cssText);
      }
    };
    for (const sheet of document.styleSheets) {
      try {
        walk(sheet.cssRules, used);
      } catch {
        // a stylesheet of another origin: none here
      }
    }
    const css = used.join('');
    const animations = [...keyframes].filter(([name]) => css.includes(name)).map(([, text]) => text);
    // What the app's scripts would have set: Taro's components are border-box.
    const base = '#home-shell div,#home-shell span,#home-shell img{box-sizing:border-box}';
    return `<style>${css}${animations.join('')}${base}</style>${shell.outerHTML}`;
  }, LINKS);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const base = (process.argv[2] ?? process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const phone = await launchPhone();
  try {
    const html = await captureHomeShell(phone.page, base);
    fs.writeFileSync(
      SHELL_FILE,
      `<!-- 首页's first screen, captured from the built H5 home by test/browser/home-shell.mjs: do not edit by hand -->\n${html}\n`,
    );
    console.log(`wrote ${path.relative(process.cwd(), SHELL_FILE)} (${html.length} characters)`);
  } finally {
    await phone.close();
  }
}
