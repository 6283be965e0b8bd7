// H5 only. @tarojs/components/lib/react/components.js defines the React wrapper of every Taro
// component in one module, so any page that uses one component (View) pulls in the code of all
// those used anywhere in the app (the swiper library of the detail page's carousel, ~190 KB, ended
// up in 首页's chunk). This loader turns that module into re-exports of one small module per
// component (the same file with `?taro-component=Name`), so webpack puts into each page's chunks
// only the components the page uses. The build fails if the file no longer has the expected shape.
const fs = require('node:fs');
const path = require('node:path');

const WRAPPER = /^const (\w+) = \/\*@__PURE__\*\/ createReactComponent\('([\w-]+)', undefined, manipulatePropsFunction, (\w+)\);$/gm;

/** defineCustomElementX → the dist/components file that exports it (from that folder's index). */
function definitionFiles(componentsDir) {
  const index = fs.readFileSync(path.join(componentsDir, 'index.js'), 'utf8');
  const out = new Map();
  for (const m of index.matchAll(/^export \{([^}]*)\} from '\.\/([\w-]+\.js)';$/gm)) {
    for (const part of m[1].split(',')) {
      const alias = /defineCustomElement as (\w+)/.exec(part.trim());
      if (alias) out.set(alias[1], m[2]);
    }
  }
  return out;
}

module.exports = function splitTaroComponents(source) {
  const wrappers = [...source.matchAll(WRAPPER)].map(([, name, tag, define]) => ({ name, tag, define }));
  const exported =
    /^export \{([^}]*)\};$/m
      .exec(source)?.[1]
      .split(',')
      .map((s) => s.trim()) ?? [];
  const names = new Set([...wrappers.map((w) => w.name), 'Block']);
  if (
    !wrappers.length ||
    exported.length !== names.size ||
    exported.some((n) => !names.has(n)) ||
    !/^const Block = Fragment;$/m.test(source)
  )
    throw new Error(`h5-components-loader: ${this.resourcePath} does not have the shape this loader expects (Taro upgraded?)`);

  const one = new URLSearchParams(this.resourceQuery.replace(/^\?/, '')).get('taro-component');
  if (!one) {
    return [
      "export { Fragment as Block } from 'react';",
      ...wrappers.map((w) => `export { ${w.name} } from ${JSON.stringify(`./components.js?taro-component=${w.name}`)};`),
    ].join('\n');
  }
  const w = wrappers.find((x) => x.name === one);
  const file = definitionFiles(path.resolve(path.dirname(this.resourcePath), '..', '..', 'dist', 'components')).get(w?.define);
  if (!w || !file) throw new Error(`h5-components-loader: no component ${one} (${w?.define ?? '?'})`);
  return [
    "import { manipulatePropsFunction } from './helper.js';",
    "import { createReactComponent } from './react-component-lib/createComponent.js';",
    `import { defineCustomElement } from '@tarojs/components/dist/components/${file}';`,
    `export const ${w.name} = /*@__PURE__*/ createReactComponent(${JSON.stringify(w.tag)}, undefined, manipulatePropsFunction, defineCustomElement);`,
  ].join('\n');
};
