// `import Taro from '@tarojs/taro'` in jest: @tarojs/taro-h5 exports its APIs by name and only a
// bare object as default. The H5 build rewrites `Taro.request` into named imports
// (babel-plugin-transform-taroapi); here the default export carries every named API instead.
const h5 = require('@tarojs/taro-h5');

const Taro = Object.assign(h5.default, h5);
delete Taro.default;

module.exports = { ...h5, __esModule: true, default: Taro };
