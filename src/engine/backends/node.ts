// Backends for the headless trainer and the benchmarks in Node: TF.js CPU (exact, slow), wasm
// (XNNPACK, several times faster; its missing conv gradients are supplied by the core's portable
// conv, conv.ts), or WebGPU through Dawn (npm `webgpu`): the very code path the browser runs,
// on a GPU server's Vulkan driver, or on SwiftShader in CI (correct, slow: design.md).
// The Node scripts are bundled (scripts/vite.node.config.ts) with tfjs-backend-wasm and
// tfjs-backend-webgpu inside, so their kernels register with the same tfjs-core as the model's
// ops; the bundle tells us where the .wasm binaries are (import.meta.env.TFJS_WASM_DIR).
// Unbundled (Vitest), the package finds its own binaries.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { BackendName } from './types';
import { installWasmKernels } from './wasm-kernels';

export const NODE_BACKENDS: readonly BackendName[] = ['cpu', 'wasm', 'webgpu'];

let adapterWords: string | undefined;

/**
 * Dawn's navigator.gpu, set before tfjs-backend-webgpu is imported (it registers itself only
 * when navigator.gpu exists). Throws with what to install when Dawn or Vulkan is missing.
 */
async function installDawn(): Promise<void> {
  const scope = globalThis as { navigator?: { gpu?: unknown } };
  if (scope.navigator?.gpu) return;
  let dawn: { create(flags: string[]): unknown; globals: Record<string, unknown> };
  try {
    dawn = (await import('webgpu')) as typeof dawn;
  } catch (err) {
    throw new Error(`--backend webgpu needs the npm package "webgpu" (Dawn for Node): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  Object.assign(globalThis, dawn.globals); // GPUBufferUsage and the other WebGPU constants
  const gpu = dawn.create([]) as { requestAdapter(): Promise<{ info?: Record<string, string> } | null> };
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    throw new Error(
      'WebGPU: Dawn found no adapter. It needs a Vulkan driver (a GPU server: the vendor driver; CI: ' +
        'SwiftShader, e.g. VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json from Debian chromium).',
    );
  }
  const info = adapter.info ?? {};
  adapterWords = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  if (scope.navigator) Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true });
  else scope.navigator = { gpu };
}

/** Initialises `name` and returns it; throws with the reason if it cannot run here. */
export async function useNodeBackend(name: BackendName): Promise<BackendName> {
  if (!NODE_BACKENDS.includes(name)) throw new Error(`The ${name} backend is not available in Node (use ${NODE_BACKENDS.join(', ')}).`);
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dir = (import.meta.env as Record<string, string | undefined>).TFJS_WASM_DIR;
    if (dir) wasm.setWasmPaths(dir);
    installWasmKernels();
  }
  if (name === 'webgpu') {
    await installDawn();
    await import('@tensorflow/tfjs-backend-webgpu');
  }
  if (!(await tf.setBackend(name))) throw new Error(`The ${name} backend failed to initialise.`);
  await tf.ready();
  // One op proves the backend computes (some failures show only at first use). data(), not
  // dataSync(): WebGPU in Node cannot read synchronously.
  const probe = tf.tidy(() => tf.sum(tf.add(tf.ones([2]), tf.ones([2]))));
  const value = (await probe.data())[0];
  probe.dispose();
  if (value !== 4) throw new Error(`The ${name} backend computed 1 + 1 (twice) = ${value}.`);
  return name;
}

/**
 * The active backend in words, for logs: on wasm the binary flavour and XNNPACK's thread
 * count, on WebGPU the adapter. Node always gets 1 wasm thread: tfjs-backend-wasm 4.22 reports
 * no thread support under Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is false there), so it
 * loads the SIMD binary.
 */
export async function describeNodeBackend(): Promise<string> {
  const name = tf.getBackend();
  if (name === 'webgpu') return `webgpu (Dawn: ${adapterWords ?? 'adapter'})`;
  if (name !== 'wasm') return name;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `wasm (${simd ? 'SIMD' : 'no SIMD'}, ${threaded ? 'threaded binary' : 'single-threaded binary'}, ${wasm.getThreadsCount()} XNNPACK thread(s))`;
}
