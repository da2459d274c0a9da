import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config';
import { largestTensor, memoryFindings, predictBackend } from './memory-limits';

const limits = (mib: number, isFallback = false) => ({ maxStorageBufferBindingSize: mib * 2 ** 20, maxBufferSize: 4 * 2 ** 30, isFallback });

describe('memory limits', () => {
  it('finds the largest tensor of a step', () => {
    const c = defaultConfig(); // ConvNet [32, 64, 128], batch 128
    expect(largestTensor(c)).toEqual({ what: 'ConvNet block 1 output (32×32×32)', bytes: 128 * 32 * 32 * 32 * 4 });
    c.encoder = { kind: 'resnet18', width: 64, convChannels: [8] };
    expect(largestTensor(c).bytes).toBe(128 * 34 * 34 * 64 * 4);
    c.projector.sae = { enabled: true, latentDim: 100_000, topK: 10 };
    expect(largestTensor(c).what).toMatch(/SAE latents/);
  });

  it('blocks a batch whose largest buffer exceeds the WebGPU limit, and suggests one that fits', () => {
    const c = defaultConfig();
    c.encoder = { kind: 'resnet18', width: 64, convChannels: [8] };
    c.train.batchSize = 512; // 145 MiB stem output; 453 × 34 × 34 × 64 × 4 B fits in 128 MiB
    const [finding] = memoryFindings(c, 'webgpu', limits(128));
    expect(finding.blocking).toBe(true);
    expect(finding.path).toBe('train.batchSize');
    expect(finding.message).toMatch(/try a batch of 453 or less/);
    expect(memoryFindings(c, 'webgpu', limits(2048))).toEqual([]);
    expect(memoryFindings(c, 'webgl', limits(128))).toEqual([]);
  });

  it('warns (without blocking) when wasm would likely run out of its 4 GB', () => {
    const c = defaultConfig();
    c.encoder = { kind: 'resnet18', width: 64, convChannels: [8] };
    const [finding] = memoryFindings(c, 'wasm', undefined);
    expect(finding.blocking).toBe(false);
    expect(memoryFindings(defaultConfig(), 'wasm', undefined)).toEqual([]);
  });

  it('predicts the backend auto will pick', () => {
    expect(predictBackend('webgl', 'webgpu', undefined)).toBe('webgl');
    expect(predictBackend('auto', 'wasm', limits(128))).toBe('wasm');
    expect(predictBackend('auto', undefined, limits(128))).toBe('webgpu');
    expect(predictBackend('auto', undefined, limits(128, true))).toBe('wasm');
    expect(predictBackend('auto', undefined, undefined)).toBeUndefined();
  });
});
