// H5 only. Taro's router fetches a page's chunks after the app's scripts have run, one network
// round trip later. The home is what a scan of the platform's QR code opens, so index.html starts
// fetching the home's chunks while the app's own scripts download: a few lines of inline script
// that preload them (when the address is the home, not on deep links to other pages).
//
// And the home's first screen comes with the HTML (issue 15): client/src/home-shell.html, captured
// from the real home by test/browser/home-shell.mjs with the CSS it uses inline, goes into
// <div id="app">, so 我要上报 is on screen and can be tapped (its data-href is followed) before the
// app's JavaScript has arrived; the app's own home replaces it when it renders. On any other address
// the shell is removed before the first paint.
const fs = require('node:fs');
const path = require('node:path');
const HtmlWebpackPlugin = require(require.resolve('html-webpack-plugin', { paths: [require.resolve('@tarojs/webpack5-runner')] }));

const NAME = 'PreloadHomeChunks';
const SHELL_FILE = path.join(__dirname, '..', 'src', 'home-shell.html');

/**
 * Runs right after the shell is parsed: removes it on other addresses; writes this month (city time)
 * into the figures' title; hides the sign-in row for a visitor with a stored session (the app shows
 * their name); follows data-href on a tap; removes the shell when the app's first page has content.
 */
function shellScript(home) {
  return `(function(){var s=document.getElementById('home-shell');if(${JSON.stringify(home)}.indexOf(location.pathname)<0){s.parentNode.removeChild(s);return}var d=new Date(Date.now()+288e5),t=s.querySelector('[data-month-title]');if(t)t.textContent=d.getUTCFullYear()+'年'+(d.getUTCMonth()+1)+'月'+t.textContent;try{if(localStorage.getItem('xc.session'))s.querySelector('.home__account').style.visibility='hidden'}catch(e){}s.addEventListener('click',function(e){var a=e.target.closest('[data-href]');if(a)location.assign(a.getAttribute('data-href'))});var app=document.getElementById('app');new MutationObserver(function(m,o){if(app.querySelector('.taro_page *')){if(s.parentNode)s.parentNode.removeChild(s);o.disconnect()}}).observe(app,{childList:true,subtree:true})})()`;
}

class PreloadHomeChunks {
  /** `page`: the home's route ('pages/index/index'), the first page of app.config. */
  constructor(page) {
    this.page = page;
  }

  apply(compiler) {
    compiler.hooks.compilation.tap(NAME, (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap(NAME, (data) => {
        const isHome = (request) => {
          const r = (request ?? '').replace(/\\/g, '/');
          return r.endsWith(`/${this.page}`) && !r.includes('/packages/');
        };
        const groups = [...compilation.chunkGroups].filter((g) => g.origins.some((o) => isHome(o.request)));
        if (groups.length !== 1) throw new Error(`${NAME}: expected one chunk group for ${this.page}, found ${groups.length}`);
        const base = compilation.outputOptions.publicPath === 'auto' ? '/' : compilation.outputOptions.publicPath;
        const initial = new Set(data.headTags.concat(data.bodyTags).map((t) => t.attributes?.src ?? t.attributes?.href));
        const files = [...new Set(groups[0].chunks.flatMap((c) => [...c.files]))]
          .filter((f) => /\.(js|css)$/.test(f))
          .map((f) => `${base}${f}`)
          .filter((f) => !initial.has(f));
        if (!files.some((f) => f.endsWith('.js'))) throw new Error(`${NAME}: no script chunks for ${this.page}`);
        const home = JSON.stringify(['/', `/${this.page}`]);
        // The app's stylesheet before its scripts: it blocks the first paint, and on a slow link a
        // stylesheet asked for after ~100 KB of scripts arrives after them (measured: 我要上报 of the
        // first screen painted only when every script had arrived).
        const isStylesheet = (t) => t.tagName === 'link' && t.attributes?.rel === 'stylesheet';
        data.headTags = [...data.headTags.filter(isStylesheet), ...data.headTags.filter((t) => !isStylesheet(t))];
        // With the first screen in the HTML (its CSS inline), the app's stylesheet need not hold the first
        // paint: it applies when it arrives (2 KB, long before the scripts that render with it).
        // (An inline script switches it on: the CSP forbids handler attributes such as onload.)
        if (fs.existsSync(SHELL_FILE)) {
          const sheets = data.headTags.filter(isStylesheet);
          for (const t of sheets) t.attributes.media = 'print';
          data.headTags.splice(sheets.length, 0, {
            tagName: 'script',
            voidTag: false,
            meta: { plugin: NAME },
            attributes: {},
            innerHTML: `[].forEach.call(document.querySelectorAll('link[rel=stylesheet][media=print]'),function(l){function on(){l.media='all'}if(l.sheet)on();else l.addEventListener('load',on)})`,
          });
        }
        // With the first screen in the HTML, after it (body's end): on a slow phone the seven
        // insertions cost ~100 ms of main thread that held the first screen's parsing (Chromium trace);
        // the scripts they fetch are not needed before the app's own scripts, which the head names.
        (fs.existsSync(SHELL_FILE) ? data.bodyTags : data.headTags).push({
          tagName: 'script',
          voidTag: false,
          meta: { plugin: NAME },
          attributes: {},
          innerHTML: `if(${home}.indexOf(location.pathname)>=0)${JSON.stringify(files)}.forEach(function(f){var l=document.createElement('link');l.rel='preload';l.as=/\\.css$/.test(f)?'style':'script';l.href=f;document.head.appendChild(l)})`,
        });
        return data;
      });
      HtmlWebpackPlugin.getHooks(compilation).beforeEmit.tap(NAME, (data) => {
        if (!fs.existsSync(SHELL_FILE)) return data;
        const shell = fs
          .readFileSync(SHELL_FILE, 'utf8')
          .replace(/<!--[\s\S]*?-->\s*/g, '')
          .trim();
        // Taro's rem script measures <html> with getBoundingClientRect, a forced style and layout
        // before anything is parsed (~100 ms of a throttled phone's main thread, Chromium trace). At
        // that point <html> has no height, so its width alone decides: the first run reads the
        // viewport's width instead, which needs no layout; resizes still measure as Taro does.
        const firstRun = ',f()}(window)';
        if (!data.html.includes(`n.addEventListener("resize",(function(){f();setTimeout(f,500)}))${firstRun}`))
          throw new Error(`${NAME}: Taro's rem script changed; check the first run below still matches it`);
        data.html = data.html.replace(
          firstRun,
          ',function(){var x=40*n.innerWidth/750;n.document.documentElement.style.fontSize=x>=40?"40px":x<=20?"20px":x+"px"}()}(window)',
        );
        const mount = '<div id="app"></div>';
        if (!data.html.includes(mount)) throw new Error(`${NAME}: index.html has no ${mount}`);
        data.html = data.html.replace(
          mount,
          `<div id="app"><div id="home-shell">${shell}</div></div><script>${shellScript(['/', `/${this.page}`])}</script>`,
        );
        return data;
      });
    });
  }
}

module.exports = PreloadHomeChunks;
