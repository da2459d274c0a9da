// "Will this batch fit?" before pressing Start. The largest single tensor of a step is
// computed exactly from the config (WebGPU refuses to bind a buffer larger than the adapter's
// maxStorageBufferBindingSize, so that check is a hard rule); the wasm backend's 4 GB heap is
// only estimated (a warning, never a block).
import { encoderOutputDim, type RunConfig } from '../../core/config';
import type { BackendName } from '../../engine/backends/types';

const FLOAT_BYTES = 4;
const WASM_HEAP_BYTES = 4 * 1024 ** 3;
// Bytes kept per activation byte during forward + backward (outputs, BN intermediates,
// gradients, the custom conv-gradient's slices). Calibrated on testing.md's measurement: a
// 3-stage 32/64/128 net trained at batch 64 on wasm but ran out of the 4 GB heap at 128.
const WASM_STEP_FACTOR = 32;

export interface GpuLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  isFallback: boolean; // SwiftShader: 'auto' picks wasm over it (design.md)
}

interface TensorSize {
  what: string;
  bytes: number;
}

/** Per-image output elements of every conv layer of the encoder (one view). */
function convActivations(config: RunConfig): TensorSize[] {
  const out: TensorSize[] = [];
  if (config.encoder.kind === 'convnet') {
    let side = 32;
    config.encoder.convChannels.forEach((c, i) => {
      if (i > 0) side = Math.floor(side / 2);
      out.push({ what: `ConvNet block ${i + 1} output (${side}×${side}×${c})`, bytes: side * side * c * FLOAT_BYTES });
    });
  } else {
    const w = config.encoder.width;
    out.push({ what: `ResNet stem output (34×34×${w})`, bytes: 34 * 34 * w * FLOAT_BYTES });
    let side = 34;
    for (let stage = 0; stage < 4; stage++) {
      if (stage > 0) side = Math.ceil(side / 2);
      const c = w * 2 ** stage;
      // Two basic blocks of two convs each per stage.
      for (let conv = 0; conv < 4; conv++) out.push({ what: `ResNet stage ${stage + 1} (${side}×${side}×${c})`, bytes: side * side * c * FLOAT_BYTES });
    }
  }
  return out;
}

/** The largest tensor one training step allocates, and what it is. */
export function largestTensor(config: RunConfig): TensorSize {
  const b = config.train.batchSize;
  const n = 2 * b; // both views stacked
  const candidates: TensorSize[] = convActivations(config).map((t) => ({ what: t.what, bytes: t.bytes * b }));
  candidates.push({ what: `the ${n}×${n} Gram matrices of the MI proxies`, bytes: n * n * FLOAT_BYTES });
  candidates.push({ what: `the projector hidden layer (${n}×${config.projector.hiddenDim})`, bytes: n * config.projector.hiddenDim * FLOAT_BYTES });
  if (config.projector.sae.enabled)
    candidates.push({ what: `the SAE latents (${n}×${config.projector.sae.latentDim})`, bytes: n * config.projector.sae.latentDim * FLOAT_BYTES });
  candidates.push({ what: `the encoder features (${n}×${encoderOutputDim(config)})`, bytes: n * encoderOutputDim(config) * FLOAT_BYTES });
  return candidates.reduce((a, c) => (c.bytes > a.bytes ? c : a));
}

/** Rough bytes a step keeps alive on the wasm heap. */
export function estimatedStepBytes(config: RunConfig): number {
  const perImage = convActivations(config).reduce((s, t) => s + t.bytes, 0);
  return perImage * config.train.batchSize * 2 * WASM_STEP_FACTOR;
}

export interface MemoryFinding {
  path: 'train.batchSize';
  message: string;
  blocking: boolean;
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 ** 2).toLocaleString('en')} MiB`;

/** Problems of `config` on `backend`; `limits` are the WebGPU adapter's (when known). */
export function memoryFindings(config: RunConfig, backend: BackendName | undefined, limits: GpuLimits | undefined): MemoryFinding[] {
  if (!(config.train.batchSize >= 1)) return []; // the config rules already report it
  if (backend === 'webgpu' && limits) {
    const largest = largestTensor(config);
    const cap = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
    if (largest.bytes > cap) {
      const fits = Math.max(1, Math.floor((config.train.batchSize * cap) / largest.bytes));
      return [
        {
          path: 'train.batchSize',
          message: `at batch ${config.train.batchSize}, ${largest.what} needs ${mib(largest.bytes)}, more than this GPU's ${mib(cap)} buffer limit; try a batch of ${fits} or less`,
          blocking: true,
        },
      ];
    }
  }
  if (backend === 'wasm') {
    const bytes = estimatedStepBytes(config);
    if (bytes > WASM_HEAP_BYTES) {
      return [
        {
          path: 'train.batchSize',
          message: `a step may need about ${mib(bytes)}, more than the wasm backend's 4 GB memory: a smaller batch or encoder is safer`,
          blocking: false,
        },
      ];
    }
  }
  return [];
}

/** The backend a run will most likely get (the engine decides; this predicts it for validation). */
export function predictBackend(
  preference: BackendName | 'auto',
  lastReported: BackendName | undefined,
  limits: GpuLimits | undefined,
): BackendName | undefined {
  if (preference !== 'auto') return preference;
  if (lastReported) return lastReported;
  if (limits && !limits.isFallback) return 'webgpu';
  return limits ? 'wasm' : undefined;
}
