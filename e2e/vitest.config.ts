import { defineConfig } from 'vitest/config';

// Browser tests: real Debian Chromium (WebGPU on SwiftShader) against `vite preview` of the
// production build. One file at a time: Chromium on 2 cores is the bottleneck, and parallel
// browsers only make each test slower and flakier.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
