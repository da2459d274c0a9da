// What the engine tells the page about the compute backend it runs on, and why.

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = BackendName | 'auto';

export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A CPU emulation (SwiftShader): correct, but slower than wasm. */
  isFallback: boolean;
}

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why it was skipped or failed, in words for the user. */
  note: string;
}

export interface BackendReport {
  name: BackendName;
  forced: boolean;
  /** One sentence for the UI: why this backend. */
  reason: string;
  adapter?: AdapterDescription;
  attempts: BackendAttempt[];
  /** wasm only: XNNPACK threads (navigator.hardwareConcurrency when the page is cross-origin isolated, else 1). */
  threads?: number;
}

/**
 * The WebGPU adapter a run computes on, in words ("google swiftshader … (software)"), for the
 * run header and the run record. Undefined on every other backend: a wasm run has no adapter,
 * whatever adapter the browser also offers (reports of older builds may still carry one).
 */
export function describeAdapter(report: BackendReport): string | undefined {
  const a = report.adapter;
  if (report.name !== 'webgpu' || !a) return undefined;
  const words = [a.vendor, a.architecture, a.description || a.device].filter(Boolean).join(' ');
  return words ? `${words}${a.isFallback ? ' (software)' : ''}` : undefined;
}
