// The page's side of the memory check: which backend a run will most likely get, and that
// backend's limits as far as the page knows them (the WebGPU adapter's buffer limits, probed
// without a device). The estimate and the rules are the core's (core/config-memory*.ts), shared
// with the engine, which checks again against the backend it actually runs on.
import { backendMemoryLimits, type BackendMemoryLimits } from '../../core/config-memory-limits';
import type { BackendName } from '../../engine/backends/types';

export interface GpuLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  isFallback: boolean; // SwiftShader: 'auto' picks wasm over it (design.md)
}

/** The limits validation uses for `backend` (undefined: nothing is known to check against). */
export function memoryLimitsFor(backend: BackendName | undefined, gpu: GpuLimits | undefined): BackendMemoryLimits | undefined {
  if (!backend) return undefined;
  return backendMemoryLimits(backend, backend === 'webgpu' && gpu ? { gpu } : {});
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
