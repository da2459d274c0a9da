// The engine's own memory check, before anything is allocated: a config whose estimate
// (core/config-memory.ts) cannot fit the backend that is running is refused with the setting,
// the estimate and the limit. The page validates the same way as you type, but a link, an
// imported checkpoint or the headless trainer reach the engine without the page: this is the
// check none of them can skip. The limits come from the live backend (the WebGPU device's own
// buffer limits, WebGL's texture size), not from the page's guess.
import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from '../core/config';
import { estimateMemory, formatBytes, type MemoryEstimate } from '../core/config-memory';
import { backendMemoryLimits, memoryProblems, type BackendFacts, type BackendMemoryLimits } from '../core/config-memory-limits';

/** A config that cannot fit the backend: the message names the setting, the estimate and the limit. */
export class MemoryLimitError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'MemoryLimitError';
  }
}

/** What the running backend states about its limits. */
export function activeBackendFacts(): BackendFacts {
  const name = tf.getBackend();
  if (name === 'webgpu') {
    const limits = (tf.backend() as unknown as { device?: { limits?: { maxStorageBufferBindingSize: number; maxBufferSize: number } } }).device?.limits;
    return limits ? { gpu: { maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize, maxBufferSize: limits.maxBufferSize } } : {};
  }
  if (name === 'webgl') {
    try {
      return { webglMaxTextureSize: tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE') };
    } catch {
      return {};
    }
  }
  return {};
}

export function activeMemoryLimits(backend: string = tf.getBackend()): BackendMemoryLimits {
  return backendMemoryLimits(backend, backend === tf.getBackend() ? activeBackendFacts() : {});
}

/** Throws MemoryLimitError when `config` cannot fit `backend`; returns the estimate otherwise. */
export function assertConfigFits(config: RunConfig, backend: string = tf.getBackend()): MemoryEstimate {
  const limits = activeMemoryLimits(backend);
  const estimate = estimateMemory(config, backend);
  const refusal = memoryProblems(config, limits, estimate).find((p) => p.blocking);
  if (refusal) throw new MemoryLimitError(`The run was not started: ${refusal.path}: ${refusal.message}.`, refusal.path);
  return estimate;
}

/** One line for logs: the estimate against the limit. */
export function describeEstimate(estimate: MemoryEstimate, limits: BackendMemoryLimits): string {
  return `memory: about ${formatBytes(estimate.device)} on ${limits.backend} (limit ${formatBytes(limits.device.bytes)}${limits.device.known ? '' : ', assumed'}), ${formatBytes(estimate.host)} of arrays`;
}
