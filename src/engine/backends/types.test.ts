// The adapter a run is labelled with: only a WebGPU run computes on one.
import { describe, expect, it } from 'vitest';
import { describeAdapter, type AdapterDescription, type BackendReport } from './types';

const swiftshader: AdapterDescription = { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader Device', isFallback: true };
const report = (name: BackendReport['name'], adapter?: AdapterDescription): BackendReport => ({ name, forced: false, reason: '', attempts: [], adapter });

describe('describeAdapter', () => {
  it('names the WebGPU adapter, and says when it is a software one', () => {
    expect(describeAdapter(report('webgpu', swiftshader))).toBe('google swiftshader SwiftShader Device (software)');
    expect(describeAdapter(report('webgpu', { ...swiftshader, description: '', device: 'dev', isFallback: false }))).toBe('google swiftshader dev');
  });

  it('gives no adapter to a wasm, WebGL or CPU run, even when the report carries the browser’s WebGPU adapter', () => {
    for (const name of ['wasm', 'webgl', 'cpu'] as const) expect(describeAdapter(report(name, swiftshader))).toBeUndefined();
    expect(describeAdapter(report('webgpu'))).toBeUndefined();
  });
});
