#!/usr/bin/env node
// Size of the weapp MAIN package: every file under dist/weapp except the subpackage roots named in
// app.json. WeChat refuses a main package above 2 MB; we hold ourselves to 1.5 MB.
// Usage: node scripts/weapp-size.mjs [distDir]   (run `pnpm build:weapp` first)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LIMIT_BYTES = 1.5 * 1024 * 1024; // 1,572,864

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] ?? path.join(here, '..', 'dist', 'weapp'));

let appJson;
try {
  appJson = JSON.parse(readFileSync(path.join(dist, 'app.json'), 'utf8'));
} catch (err) {
  console.error(`未找到 ${path.join(dist, 'app.json')}：请先运行 pnpm build:weapp (${err.message})`);
  process.exit(2);
}

const subRoots = (appJson.subPackages ?? appJson.subpackages ?? []).map((p) => path.join(dist, p.root));
const isSubpackage = (file) => subRoots.some((root) => file === root || file.startsWith(root + path.sep));

function walk(dir) {
  let main = 0;
  let sub = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const r = walk(full);
      main += r.main;
      sub += r.sub;
    } else if (entry.isFile()) {
      const size = statSync(full).size;
      if (isSubpackage(full)) sub += size;
      else main += size;
    }
  }
  return { main, sub };
}

const { main, sub } = walk(dist);
const kb = (n) => (n / 1024).toFixed(1);
console.log(`weapp main package: ${kb(main)} KB (${main} bytes), limit ${kb(LIMIT_BYTES)} KB`);
console.log(`subpackages (${subRoots.length}): ${kb(sub)} KB`);
if (main > LIMIT_BYTES) {
  console.error(`主包超过 1.5 MB：${main} > ${LIMIT_BYTES} bytes`);
  process.exit(1);
}
