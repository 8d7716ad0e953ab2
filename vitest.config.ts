import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Workspace packages resolve to their TypeScript sources in tests, so tests never run against a stale build.
export default defineConfig({
  resolve: {
    alias: {
      '@stackport/core': src('core'),
      '@stackport/store': src('store'),
      '@stackport/app': src('app'),
      '@stackport/server': src('server'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
