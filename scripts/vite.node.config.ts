// Builds the Node scripts (headless trainer, benchmarks, PyTorch export and features) into .build/node. Bundling TF.js's
// ES modules gives one copy of tfjs-core with its gradient registrations, which plain Node
// cannot load from tfjs-core's dist folder (directory imports) without a bundler.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineConfig } from 'vite';

// tfjs-backend-wasm is bundled too (its kernels must register with the bundled tfjs-core; kept
// external, Node would load its CommonJS build with a second tfjs-core). Its Emscripten glue
// then looks for the .wasm binaries next to the bundle, so point it at the package's own.
const wasmDist = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');

export default defineConfig({
  logLevel: 'warn',
  publicDir: false, // nothing from public/ belongs next to a Node script
  define: {
    'import.meta.env.TFJS_WASM_DIR': JSON.stringify(pathToFileURL(wasmDist).href + '/'),
  },
  build: {
    ssr: true,
    target: 'node20',
    outDir: '.build/node',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: {
        train: 'scripts/train.ts',
        'bench-step': 'scripts/bench-step.ts',
        export: 'scripts/export.ts',
        features: 'scripts/features.ts',
        study: 'scripts/study.ts',
        'calibrate-memory': 'scripts/calibrate-memory.ts',
      },
      output: {
        format: 'es',
        entryFileNames: '[name].mjs',
        chunkFileNames: '[name]-[hash].mjs',
        // The Emscripten glue in tfjs-backend-wasm reads CommonJS's __dirname in Node (the
        // bundler shims its require() itself).
        banner:
          "import { fileURLToPath as __fileURLToPath } from 'node:url'; const __filename = __fileURLToPath(import.meta.url); const __dirname = __fileURLToPath(new URL('.', import.meta.url));",
      },
    },
  },
  ssr: {
    // Bundle TF.js (ESM builds) so that every import shares one engine and one registry.
    // The npm package `webgpu` (Dawn, a native addon) stays external: Node loads it at run time.
    noExternal: [/^@tensorflow\/tfjs-(core|backend-cpu|backend-wasm|backend-webgpu)/, 'seedrandom', 'long', 'fflate', 'hyparquet'],
  },
});
