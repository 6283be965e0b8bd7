// Jest in ESM mode (stack.md, trap 3): run with `node --experimental-vm-modules`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCjsAsEsm } from './test/support/cjs-as-esm.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// @nestjs/throttler is CommonJS requiring ESM-only Nest: Jest gets it as one ES module (see the helper).
const throttlerEsm = path.join(here, 'test', '.generated', 'nestjs-throttler.mjs');
writeCjsAsEsm('@nestjs/throttler', throttlerEsm, here);

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'es6' },
  },
];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^@nestjs/throttler$': throttlerEsm },
  transform: { '^.+\\.ts$': swc },
  testEnvironment: 'node',
  // Specs under ../shared resolve their imports (jest, @jest/globals) from the server's packages.
  moduleDirectories: ['node_modules', '<rootDir>/node_modules'],
};
export default {
  // Real HTTP on a real database, on a 2-core machine that may be busy: generous timeouts. (A
  // global option: jest ignores testTimeout inside a project, which left the default 5 s.)
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/src', '<rootDir>/tools', '<rootDir>/../shared/src'],
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts', '<rootDir>/../shared/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
      // *.mariadb.int-spec.ts exercise a database server over TCP (outages, concurrency): MariaDB tier only.
      testPathIgnorePatterns: process.env.DB_ENGINE === 'mariadb' ? [] : ['\\.mariadb\\.int-spec\\.ts$'],
    },
  ],
};
