// Reads the WebGPU adapter's buffer limits on the page (no device is created, no TF.js):
// the config form uses them to say when a batch cannot fit before a run is started.
import type { GpuLimits } from './memory-limits';

interface AdapterLike {
  limits: { maxStorageBufferBindingSize: number; maxBufferSize: number };
  info?: { architecture?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

export async function probeGpuLimits(): Promise<GpuLimits | undefined> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }).gpu;
  if (!gpu) return undefined;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return undefined;
    return {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      isFallback: Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter) || /swiftshader/i.test(adapter.info?.architecture ?? ''),
    };
  } catch {
    return undefined; // no adapter is not an error here: the engine reports the backend it gets
  }
}
