// Shared jest settings for every package (ESM TypeScript through ts-jest).
// Each package's jest.config.js spreads this and sets its own displayName.
// Workspace packages are mapped to their TypeScript sources, so a package's
// tests never depend on another package having been built first.
import { fileURLToPath } from 'node:url';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
const machinesDir = fileURLToPath(new URL('./machine-defs/', import.meta.url));

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: { isolatedModules: true } }],
  },
  reporters: [
    'default',
    fileURLToPath(new URL('./scripts/jest-count-reporter.cjs', import.meta.url)),
  ],
  moduleNameMapper: {
    '^@lirc/machine-([a-z0-9_]+)$': `${machinesDir}$1/index.ts`,
    '^@lirc/([a-z0-9-]+)$': `${packagesDir}$1/src/index.ts`,
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};
