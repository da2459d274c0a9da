import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { cifarProxy } from './vite-plugins/cifar-proxy.js';

// Cross-origin isolation (COOP/COEP) makes SharedArrayBuffer available, which the wasm backend's
// threaded build needs: with it the engine runs XNNPACK on every core (engine/backends/browser.ts,
// which also works around tfjs-wasm's half-the-cores cap and the bundler's copy of the pthread
// glue); without it tfjs-wasm falls back to the single-threaded SIMD build. It also gives
// precise timers. Every asset the app loads is same-origin, so nothing breaks.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), cifarProxy()],
  worker: { format: 'es' },
  // Dev server only: pre-bundling gave the worker two copies of tfjs-core (the package and its
  // deep import dist/register_all_gradients), and the engine crashed on start ("Cannot
  // evaluate flag 'DEBUG'"). Served as their own ES modules, core and the GPU/CPU backends
  // share one copy; their CommonJS dependencies are still pre-bundled. The wasm backend stays
  // pre-bundled (its Emscripten worker file is CommonJS) and imports core as an external.
  optimizeDeps: {
    exclude: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-webgl', '@tensorflow/tfjs-backend-webgpu'],
    include: ['@tensorflow/tfjs-core > seedrandom', '@tensorflow/tfjs-core > long'],
  },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      // The lab, and a page that drives the engine alone (browser tests, debugging).
      // datasets.html: the dataset panel on its own page (its browser test, development).
      input: { main: 'index.html', diagnostics: 'diagnostics.html', datasets: 'datasets.html' },
    },
  },
});
