// `import Taro from '@tarojs/taro'` in jest: @tarojs/taro-h5 exports its APIs by name and only a
// bare object as default. The H5 build rewrites `Taro.request` into named imports
// (babel-plugin-transform-taroapi); here the default export carries every named API instead.
const h5 = require('@tarojs/taro-h5');

// Page lifecycle hooks (usePullDownRefresh, useReachBottom, …) come from the React framework
// plugin at build time; in jest each one records the page's latest callback so a test can fire
// it: `require('@tarojs/taro').__pageHooks.reachBottom()`.
const pageHooks = {};
function pageHook(name) {
  return (fn) => {
    pageHooks[name] = (...args) => fn(...args);
  };
}
const hooks = {
  usePullDownRefresh: pageHook('pullDownRefresh'),
  useReachBottom: pageHook('reachBottom'),
  useDidShow: pageHook('didShow'),
  useDidHide: pageHook('didHide'),
};

const Taro = Object.assign(h5.default, h5, hooks);
delete Taro.default;

module.exports = { ...h5, ...hooks, __pageHooks: pageHooks, __esModule: true, default: Taro };
