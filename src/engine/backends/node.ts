// Backends for the headless trainer in Node: TF.js CPU (exact, slow) or wasm (XNNPACK, several
// times faster; its missing conv gradients are supplied by the core's portable conv, conv.ts).
// The Node scripts are bundled (scripts/vite.node.config.ts) with tfjs-backend-wasm inside, so
// its kernels register with the same tfjs-core as the model's ops; the bundle tells us where
// the .wasm binaries are (import.meta.env.TFJS_WASM_DIR). Unbundled (Vitest), the package
// finds its own binaries.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { BackendName } from './types';

/** Initialises `name` (cpu or wasm) and returns it; throws with the reason if it cannot run. */
export async function useNodeBackend(name: BackendName): Promise<BackendName> {
  if (name !== 'cpu' && name !== 'wasm') throw new Error(`The ${name} backend is not available in Node (use cpu or wasm).`);
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dir = (import.meta.env as Record<string, string | undefined>).TFJS_WASM_DIR;
    if (dir) wasm.setWasmPaths(dir);
  }
  if (!(await tf.setBackend(name))) throw new Error(`The ${name} backend failed to initialise.`);
  await tf.ready();
  // One op proves the backend computes (some failures show only at first use).
  const probe = tf.tidy(() => tf.sum(tf.add(tf.ones([2]), tf.ones([2]))).dataSync()[0]);
  if (probe !== 4) throw new Error(`The ${name} backend computed 1 + 1 (twice) = ${probe}.`);
  return name;
}

/**
 * The active backend in words, for logs: on wasm the binary flavour and XNNPACK's thread
 * count. Node always gets 1 thread: tfjs-backend-wasm 4.22 reports no thread support under
 * Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is false there), so it loads the SIMD binary.
 */
export async function describeNodeBackend(): Promise<string> {
  const name = tf.getBackend();
  if (name !== 'wasm') return name;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `wasm (${simd ? 'SIMD' : 'no SIMD'}, ${threaded ? 'threaded binary' : 'single-threaded binary'}, ${wasm.getThreadsCount()} XNNPACK thread(s))`;
}
