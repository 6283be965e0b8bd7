#!/usr/bin/env node
// Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) twin next to every text file of the
// H5 build, once at build time, so the server sends compressed bytes without compressing per
// request (server/src/common/client-assets.ts picks the twin the browser accepts). Files under
// 1 KB, and twins that would save less than 5 %, are not written.
// Usage: node scripts/precompress.mjs [distDir]   (after `taro build --type h5`)
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] ?? path.join(here, '..', 'dist', 'h5'));
const TEXT = /\.(js|css|html|svg|json|txt)$/;
const MIN_BYTES = 1024;

const totals = { files: 0, bytes: 0, br: 0, gz: 0 };
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full);
    else if (/\.(br|gz)$/.test(e.name)) rmSync(full);
    else if (TEXT.test(e.name) && statSync(full).size >= MIN_BYTES) compress(full);
  }
}
function compress(file) {
  const raw = readFileSync(file);
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  const gz = gzipSync(raw, { level: 9 });
  totals.files++;
  totals.bytes += raw.length;
  if (br.length < raw.length * 0.95) {
    writeFileSync(`${file}.br`, br);
    totals.br += br.length;
  } else totals.br += raw.length;
  if (gz.length < raw.length * 0.95) {
    writeFileSync(`${file}.gz`, gz);
    totals.gz += gz.length;
  } else totals.gz += raw.length;
}

try {
  statSync(path.join(dist, 'index.html'));
} catch {
  console.error(`${dist}/index.html 不存在：请先运行 taro build --type h5`);
  process.exit(2);
}
walk(dist);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `precompressed ${totals.files} files in ${path.relative(process.cwd(), dist) || '.'}: ${kb(totals.bytes)} → brotli ${kb(totals.br)}, gzip ${kb(totals.gz)}`,
);
