// Backend selection inside the Web Worker: WebGPU first, then WebGL, then wasm, then CPU.
// A software adapter (SwiftShader) counts as a last resort after wasm in `auto` mode: it was
// measured 12x slower than wasm on the development machines (design.md). A user or a test can
// still force any backend.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as threadedFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import threadedSource from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';
import type { AdapterDescription, BackendAttempt, BackendName, BackendPreference, BackendReport } from './types';
import { BACKEND_ORDER } from './types';
import { installWasmKernels } from './wasm-kernels';

// Threaded wasm (XNNPACK on every core). Emscripten starts each pthread as a classic worker
// that importScripts a Blob of `var WasmBackendModuleThreadedSimd = ` + factory.toString(). In a
// bundle that function is the bundler's (renamed, minified) copy, whose free names mean nothing
// in the pthread worker ("e is not defined", and the engine restarted in a loop). The factory's
// toString is therefore pointed at the package's own unbundled glue script (embedded as text):
// the pthreads run Emscripten's original code, the same build as the bundled copy here.
// Threads need SharedArrayBuffer, i.e. a cross-origin isolated page (vite.config.ts sends
// COOP/COEP); without it tfjs-backend-wasm detects no thread support and loads the SIMD binary.
const factory = ((threadedFactory as { default?: unknown }).default ?? threadedFactory) as { toString(): string };
factory.toString = () => threadedSource.replace(/^[\s\S]*?var WasmBackendModuleThreadedSimd\s*=\s*/, '');
setThreadsCount(Math.max(1, navigator.hardwareConcurrency || 1));
installWasmKernels();

/** XNNPACK threads of the wasm backend once it runs (1 without cross-origin isolation). */
export function wasmThreads(): number {
  return getThreadsCount();
}

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** Asks the browser for a WebGPU adapter without creating a device. */
export async function describeWebGpuAdapter(): Promise<AdapterDescription | undefined> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return undefined;
  const adapter = await gpu.requestAdapter();
  if (!adapter) return undefined;
  const info = adapter.info ?? {};
  const architecture = info.architecture ?? '';
  return {
    vendor: info.vendor ?? '',
    architecture,
    device: info.device ?? '',
    description: info.description ?? '',
    isFallback: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) || /swiftshader/i.test(architecture),
  };
}

/** WebGL's renderer string; SwiftShader there is a CPU emulation too. */
function webglRenderer(): string | undefined {
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = canvas.getContext('webgl2');
    if (!gl) return undefined;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return undefined;
  }
}

/**
 * tfjs-backend-wasm 4.22's C++ caps XNNPACK's pool at navigator.hardwareConcurrency / 2 (it
 * assumes two hardware threads per core), whatever setThreadsCount asks: 1 thread on a 2-core
 * machine. The cap is read once, when the module instantiates, so the count is doubled for the
 * duration of the wasm backend's initialisation (an own property over WorkerNavigator's getter,
 * removed again afterwards) and the pool gets every core.
 */
async function withFullCoreCount<T>(initialise: () => Promise<T>): Promise<T> {
  const cores = navigator.hardwareConcurrency || 1;
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * cores, configurable: true });
  try {
    return await initialise();
  } finally {
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

async function trySetBackend(name: BackendName): Promise<string | undefined> {
  try {
    const ok = name === 'wasm' ? await withFullCoreCount(() => tf.setBackend(name)) : await tf.setBackend(name);
    if (!ok) return `${name} did not initialise`;
    await tf.ready();
    // One tiny op proves the backend really runs (some fail only at first use).
    const probe = tf.add(tf.scalar(1), tf.scalar(1));
    const value = (await probe.data())[0];
    probe.dispose();
    return value === 2 ? undefined : `${name} computed 1 + 1 = ${value}`;
  } catch (err) {
    return `${name} failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Picks and initialises a backend; reports every candidate's fate. */
export async function selectBackend(preference: BackendPreference): Promise<BackendReport> {
  const adapter = await describeWebGpuAdapter().catch(() => undefined);
  const renderer = webglRenderer();
  const softwareWebgl = renderer !== undefined && /swiftshader|llvmpipe|software/i.test(renderer);
  const attempts: BackendAttempt[] = [];

  if (preference !== 'auto') {
    const failure = await trySetBackend(preference);
    if (failure) throw new Error(`The ${preference} backend was requested but is not available here: ${failure}`);
    return finishReport(
      {
        name: preference,
        forced: true,
        reason: `${preference} was chosen by hand.`,
        attempts: [{ name: preference, ok: true, note: 'forced' }],
      },
      adapter,
    );
  }

  const order: BackendName[] = [...BACKEND_ORDER];
  const skip = new Map<BackendName, string>();
  if (!adapter) skip.set('webgpu', 'no WebGPU adapter in this browser');
  // Software emulations go after wasm: correct but much slower.
  const demoted: BackendName[] = [];
  if (adapter?.isFallback) demoted.push('webgpu');
  if (softwareWebgl) demoted.push('webgl');
  const ranked = [...order.filter((n) => !demoted.includes(n) && n !== 'cpu'), ...demoted, 'cpu' as BackendName];

  for (const name of ranked) {
    const skipped = skip.get(name);
    if (skipped) {
      attempts.push({ name, ok: false, note: skipped });
      continue;
    }
    const failure = await trySetBackend(name);
    if (failure) {
      attempts.push({ name, ok: false, note: failure });
      continue;
    }
    attempts.push({ name, ok: true, note: 'selected' });
    return finishReport({ name, forced: false, reason: explainChoice(name, adapter, softwareWebgl, attempts), attempts }, adapter);
  }
  throw new Error('No TF.js backend could be initialised (webgpu, webgl, wasm and cpu all failed).');
}

/**
 * The adapter only on WebGPU (a wasm run computes on no adapter, even where the browser offers
 * one: it once read "wasm · google swiftshader"); on wasm the thread count, which the UI shows
 * beside the backend's name.
 */
function finishReport(report: BackendReport, adapter: AdapterDescription | undefined): BackendReport {
  if (report.name === 'wasm') return { ...report, threads: wasmThreads() };
  return report.name === 'webgpu' && adapter ? { ...report, adapter } : report;
}

function explainChoice(name: BackendName, adapter: AdapterDescription | undefined, softwareWebgl: boolean, attempts: BackendAttempt[]): string {
  const failed = attempts.filter((a) => !a.ok).map((a) => `${a.name}: ${a.note}`);
  const before = failed.length ? ` (${failed.join('; ')})` : '';
  switch (name) {
    case 'webgpu':
      return adapter?.isFallback
        ? `WebGPU on a software adapter (${adapter.architecture || adapter.vendor}): no faster backend worked${before}.`
        : `WebGPU on ${adapter?.vendor || 'this GPU'} ${adapter?.architecture ?? ''}`.trim() + '.';
    case 'webgl':
      return `WebGL${softwareWebgl ? ' (software renderer)' : ''}${before}.`;
    case 'wasm':
      return adapter?.isFallback
        ? `wasm: the WebGPU adapter is a CPU emulation (${adapter.architecture || 'software'}), which is slower than wasm; force WebGPU to use it anyway.`
        : `wasm: no GPU backend is available${before}.`;
    case 'cpu':
      return `TF.js CPU backend, the slowest: nothing else worked${before}.`;
  }
}
