/**
 * Client component tests in jsdom (stack.md trap 10): Taro's H5 runtime stands in for the
 * mini-program APIs, Taro's React components for the native ones.
 */
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'jsdom',
  // Rendering a page in jsdom takes ~1 s on an idle core; under a full `npm test` on 2 cores the
  // 5 s default failed tests that were right. A hang still fails, after a minute.
  testTimeout: 60_000,
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  setupFiles: ['<rootDir>/test/globals.cjs'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-after-env.ts'],
  transform: {
    '^.+\\.(t|j)sx?$|^.+\\.mjs$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2020',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // NutUI, Taro and the shared package ship ES modules: transform everything.
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@tarojs/components$': '@tarojs/components/lib/react',
    // @tarojs/taro-h5 via a shim that puts the named APIs on the default export, as
    // babel-plugin-transform-taroapi does for `Taro.request` etc. in the real H5 build.
    '^@tarojs/taro$': '<rootDir>/test/taro-h5-shim.cjs',
    // The shared package, built to dist (pnpm --filter @xc/shared build), stack.md trap 9.
    '^@xc/shared$': path.join(__dirname, '..', 'shared', 'dist', 'index.js'),
    '\\.(css|scss|sass|less)$': '<rootDir>/test/style-stub.cjs',
    '\\.(svg|png|jpe?g|gif|webp)$': '<rootDir>/test/file-stub.cjs',
  },
};
