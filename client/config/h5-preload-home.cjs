// H5 only. Taro's router fetches a page's chunks after the app's scripts have run, one network
// round trip later. The home is what a scan of the platform's QR code opens, so index.html starts
// fetching the home's chunks while the app's own scripts download: a few lines of inline script
// that preload them (when the address is the home, not on deep links to other pages).
const HtmlWebpackPlugin = require(require.resolve('html-webpack-plugin', { paths: [require.resolve('@tarojs/webpack5-runner')] }));

const NAME = 'PreloadHomeChunks';

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
        data.headTags.push({
          tagName: 'script',
          voidTag: false,
          meta: { plugin: NAME },
          attributes: {},
          innerHTML: `if(${home}.indexOf(location.pathname)>=0)${JSON.stringify(files)}.forEach(function(f){var l=document.createElement('link');l.rel='preload';l.as=/\\.css$/.test(f)?'style':'script';l.href=f;document.head.appendChild(l)})`,
        });
        return data;
      });
    });
  }
}

module.exports = PreloadHomeChunks;
