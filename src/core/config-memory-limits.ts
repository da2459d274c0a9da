// What each compute backend can hold, and the problems of a config whose memory estimate
// (config-memory.ts) exceeds it. A limit the platform states is a refusal: the wasm heap's
// 4 GiB (the wasm32 address space), a WebGPU adapter's buffer limits, WebGL's texture size, V8's
// typed-array length. A figure no browser reports (how much memory a GPU or a tab may use) is a
// documented default, and exceeding it is a warning: the run may still fit on a larger machine.
import type { RunConfig } from './config';
import { estimateMemory, formatBytes, type MemoryEstimate, type MemoryPart } from './config-memory';

/** The most a tfjs-backend-wasm heap can grow to (Emscripten's getHeapMax in the 4.22 build). */
export const WASM_HEAP_MAX_BYTES = 4294901760;
/**
 * Kept out of the estimate's share of the wasm heap: TF.js's code and static data. Measured on the
 * default ConvNet in Node (tf.profile's peakBytes, the heap's size after two steps): batch 384
 * peaked at 3.1 GiB of tensors (heap 3.0 GiB), 448 at 3.6 (3.5), 512 at 4.1 with the heap at its
 * 4.0 GiB maximum and still ran; 640 crashed the process. The heap held about 0.1 GiB less than
 * the tensor count, so the margin is the estimate's own (about 10% above the measured peak): this
 * refuses batch 448 there (estimated 3.9 GiB) and takes 432.
 */
export const WASM_RESERVED_BYTES = 128 * 2 ** 20;
/** V8 refuses typed arrays of more elements ("Invalid typed array length"). */
export const MAX_TYPED_ARRAY_ELEMENTS = 2 ** 32;
/** WebGPU's default limits (the spec's guaranteed minimum) when no adapter reported its own. */
export const WEBGPU_DEFAULT_BINDING_BYTES = 128 * 2 ** 20;
/**
 * A texture side most desktop GPUs allow, when the engine has not read the real one. A tensor is
 * allowed one value per texel (TF.js's unpacked layout, which some of its kernels and every read
 * back use), so side² values: conservative where a packed texture would hold four.
 */
export const WEBGL_DEFAULT_TEXTURE_SIZE = 16384;
/** Memory a GPU or a tab is assumed to offer when nothing reports it: a modest laptop's. */
export const DEFAULT_DEVICE_BUDGET_BYTES = 4 * 2 ** 30;
export const DEFAULT_HOST_BUDGET_BYTES = 4 * 2 ** 30;

export interface MemoryLimit {
  bytes: number;
  what: string; // "the wasm heap", "this GPU's largest storage buffer"
  known: boolean; // stated by the platform (refuse) or a documented default (warn)
}

export interface BackendMemoryLimits {
  backend: string;
  device: MemoryLimit; // all tensors of a step or an evaluation
  tensor: MemoryLimit; // one tensor
  host: MemoryLimit; // the page's (worker's) arrays: the dataset, the feature banks
}

/** What the engine can read of the backend it runs on. */
export interface BackendFacts {
  gpu?: { maxStorageBufferBindingSize: number; maxBufferSize: number };
  webglMaxTextureSize?: number;
}

const host: MemoryLimit = { bytes: DEFAULT_HOST_BUDGET_BYTES, what: 'the memory assumed for the page (4 GiB; browsers do not report it)', known: false };

export function backendMemoryLimits(backend: string, facts: BackendFacts = {}): BackendMemoryLimits {
  const typedArray: MemoryLimit = { bytes: MAX_TYPED_ARRAY_ELEMENTS * 4, what: 'the largest array the browser allows (2^32 values)', known: true };
  const gpuBudget: MemoryLimit = { bytes: DEFAULT_DEVICE_BUDGET_BYTES, what: 'the GPU memory assumed (4 GiB; browsers do not report it)', known: false };
  switch (backend) {
    case 'wasm': {
      const heap = {
        bytes: WASM_HEAP_MAX_BYTES - WASM_RESERVED_BYTES,
        what: 'what the wasm backend can hold (its 4 GiB heap, less 128 MiB for TF.js)',
        known: true,
      };
      return { backend, device: heap, tensor: heap, host };
    }
    case 'webgpu': {
      const gpu = facts.gpu;
      const tensor: MemoryLimit = gpu
        ? { bytes: Math.min(gpu.maxStorageBufferBindingSize, gpu.maxBufferSize), what: 'the largest buffer this GPU binds', known: true }
        : {
            bytes: WEBGPU_DEFAULT_BINDING_BYTES,
            what: 'the largest buffer every WebGPU device binds (the spec’s 128 MiB; this GPU did not say)',
            known: false,
          };
      return { backend, device: gpuBudget, tensor, host };
    }
    case 'webgl': {
      const side = facts.webglMaxTextureSize;
      const texels = (side ?? WEBGL_DEFAULT_TEXTURE_SIZE) ** 2;
      const tensor: MemoryLimit = side
        ? { bytes: texels * 4, what: `the largest WebGL texture here (${side}×${side})`, known: true }
        : {
            bytes: texels * 4,
            what: `the largest texture of most GPUs (${WEBGL_DEFAULT_TEXTURE_SIZE}×${WEBGL_DEFAULT_TEXTURE_SIZE}; this one is not known yet)`,
            known: false,
          };
      return { backend, device: gpuBudget, tensor, host };
    }
    default: // cpu: tensors are the page's own typed arrays
      return { backend, device: { ...host, what: 'the memory assumed for the CPU backend (4 GiB; browsers do not report it)' }, tensor: typedArray, host };
  }
}

export interface MemoryProblem {
  path: string;
  message: string;
  blocking: boolean;
}

const biggest = (parts: MemoryPart[]) => parts.reduce((a, p) => (p.bytes > a.bytes ? p : a));

/** The largest batch below the config's for which `fits` holds (0 when not even 2 does). */
function largestFittingBatch(config: RunConfig, fits: (estimate: MemoryEstimate) => boolean, backend: string): number {
  const at = (b: number) => fits(estimateMemory({ ...config, train: { ...config.train, batchSize: b } }, backend));
  if (!at(2)) return 0;
  let lo = 2; // fits
  let hi = config.train.batchSize; // does not
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (at(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

function advice(config: RunConfig, path: string, fits: (estimate: MemoryEstimate) => boolean, backend: string): string {
  const batch = largestFittingBatch(config, fits, backend);
  if (path === 'train.batchSize') return batch ? `a batch of ${batch} fits` : 'even a batch of 2 does not fit: use a smaller model';
  return batch ? `lower ${path}, or train.batchSize (a batch of ${batch} fits)` : `lower ${path}`;
}

/** Where a config's estimate goes over `limits`, each naming the setting to lower. */
export function memoryProblems(
  config: RunConfig,
  limits: BackendMemoryLimits,
  estimate: MemoryEstimate = estimateMemory(config, limits.backend),
): MemoryProblem[] {
  const out: MemoryProblem[] = [];
  const { backend, device, tensor, host } = limits;
  if (estimate.device > device.bytes) {
    const training = estimate.train >= estimate.evaluation;
    const top = biggest(training ? estimate.trainParts : estimate.evaluationParts);
    out.push({
      path: top.setting,
      message:
        `on ${backend}, ${training ? 'a training step' : 'an evaluation'} needs about ${formatBytes(estimate.device)} (estimated; the largest part is ${top.what}, ` +
        `${formatBytes(top.bytes)}), more than ${device.what}: ${formatBytes(device.bytes)}; ${advice(config, top.setting, (e) => e.device <= device.bytes, backend)}`,
      blocking: device.known,
    });
  }
  // On wasm one tensor and all of them share the heap: one message says it.
  const t = estimate.largestTensor;
  if (t.bytes > tensor.bytes && !(out.length && tensor === device)) {
    out.push({
      path: t.setting,
      message:
        `on ${backend}, one tensor (${t.what}) needs ${formatBytes(t.bytes)}, more than ${tensor.what}: ${formatBytes(tensor.bytes)}; ` +
        advice(config, t.setting, (e) => e.largestTensor.bytes <= tensor.bytes, backend),
      blocking: tensor.known,
    });
  }
  const array = estimate.largestHostArray;
  if (array.bytes / (array.elementBytes ?? 4) > MAX_TYPED_ARRAY_ELEMENTS) {
    out.push({
      path: array.setting,
      message: `${array.what} need ${formatBytes(array.bytes)} in one array, more than the largest array a browser allows (2^32 values); lower ${array.setting}`,
      blocking: true,
    });
  } else if (estimate.host > host.bytes) {
    const top = biggest(estimate.hostParts);
    out.push({
      path: top.setting,
      message: `the dataset and the evaluation's features need about ${formatBytes(estimate.host)} of the page's memory (the largest part is ${top.what}), more than ${host.what}`,
      blocking: false,
    });
  }
  return out;
}
