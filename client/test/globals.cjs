// Taro's build-time globals (defined by its webpack config in a real build) and ours.
Object.assign(globalThis, {
  ENABLE_INNER_HTML: true,
  ENABLE_ADJACENT_HTML: true,
  ENABLE_SIZE_APIS: true,
  ENABLE_TEMPLATE_CONTENT: true,
  ENABLE_MUTATION_OBSERVER: true,
  ENABLE_CLONE_NODE: true,
  ENABLE_CONTAINS: true,
  DEPRECATED_ADAPTER_COMPONENT: false,
  __TARO_FRAMEWORK__: 'react',
  API_BASE: '',
  WECHAT_TEMPLATES: [],
});
process.env.TARO_ENV = 'h5';

// lottie-web (inside NutUI) asks for a 2D canvas on import; jsdom has none.
/* global HTMLCanvasElement */
if (typeof HTMLCanvasElement !== 'undefined') {
  HTMLCanvasElement.prototype.getContext = function getContext() {
    return null;
  };
}
