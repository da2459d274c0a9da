import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { cifarProxy } from './vite-plugins/cifar-proxy.js';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer) and gives
// precise timers; every asset the app loads is same-origin, so nothing breaks.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), cifarProxy()],
  worker: { format: 'es' },
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
