import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/**
 * Taro build configuration for the WeChat mini-program (weapp) and the H5 page.
 * The H5 build is served by the server at `/` (SPA fallback to index.html).
 */
export default defineConfig<'webpack5'>(async (merge) => {
  const taroEnv = process.env.TARO_ENV ?? 'h5';
  // Same origin for the H5 page; the mini-program needs an absolute URL.
  const apiBase = process.env.TARO_APP_API_BASE ?? (taroEnv === 'h5' ? '' : 'http://localhost:3000');

  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'xuchang-smart-city',
    date: '2026-11-27',
    // NutUI is designed at 375 px; our own styles at 750.
    designWidth(input) {
      const file = (input as { file?: string } | undefined)?.file?.replace(/\\+/g, '/') ?? '';
      return file.includes('@nutui') ? 375 : 750;
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${taroEnv}`,
    plugins: ['@tarojs/plugin-html'],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
      // 订阅消息 templates (the server's WECHAT_TEMPLATE_CASE_PROGRESS, WECHAT_TEMPLATE_CASE_CLOSED), comma-separated.
      WECHAT_TEMPLATES: JSON.stringify((process.env.TARO_APP_WECHAT_TEMPLATES ?? '').split(',').filter(Boolean)),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'browser' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      webpackChain(chain) {
        // One module per Taro component, so a page carries only the components it uses (see the loader).
        chain.module
          .rule('taro-components-per-module')
          .test(/[\\/]@tarojs[\\/]components[\\/]lib[\\/]react[\\/]components\.js$/)
          .set('sideEffects', false)
          .use('split')
          .loader(path.join(__dirname, 'h5-components-loader.cjs'));
        // The home's chunks start downloading with the app's own scripts (see the plugin).
        chain.plugin('preload-home').use(require(path.join(__dirname, 'h5-preload-home.cjs')), ['pages/index/index']);
        // Pages are chunks the router loads when they open. Taro splits only the initial chunks, so
        // every page carried its own copy of what pages share (NutUI, Taro's components, our own
        // components): shared code goes into chunks of its own, loaded with the pages that need it.
        const splitChunks = chain.optimization.get('splitChunks');
        if (splitChunks) {
          chain.optimization.splitChunks({
            ...splitChunks,
            cacheGroups: {
              ...splitChunks.cacheGroups,
              pages: { chunks: 'async', minChunks: 2, minSize: 8 * 1024, priority: 5, reuseExistingChunk: true },
            },
          });
        }
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
