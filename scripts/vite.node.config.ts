// Builds the Node scripts (headless trainer, benchmarks) into .build/node. Bundling TF.js's
// ES modules gives one copy of tfjs-core with its gradient registrations, which plain Node
// cannot load from tfjs-core's dist folder (directory imports) without a bundler.
import { defineConfig } from 'vite';

export default defineConfig({
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: '.build/node',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: { train: 'scripts/train.ts' },
      output: { format: 'es', entryFileNames: '[name].mjs' },
    },
  },
  ssr: {
    // Bundle TF.js (ESM builds) so that every import shares one engine and one registry.
    noExternal: [/^@tensorflow\/tfjs-(core|backend-cpu)/, 'seedrandom', 'long', 'fflate', 'hyparquet'],
  },
});
