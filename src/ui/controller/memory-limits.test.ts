import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config';
import { validateConfig } from '../../core/config-validate';
import { memoryLimitsFor, predictBackend } from './memory-limits';

const limits = (mib: number, isFallback = false) => ({ maxStorageBufferBindingSize: mib * 2 ** 20, maxBufferSize: 4 * 2 ** 30, isFallback });

describe('memory limits on the page', () => {
  it('uses the adapter’s buffer limits for WebGPU only', () => {
    const c = defaultConfig();
    c.encoder = { kind: 'resnet18', width: 64, convChannels: [8] };
    c.train.batchSize = 512; // the stem's output of one view: 512 × 34 × 34 × 64 floats = 145 MiB
    const refused = validateConfig(c, { memory: memoryLimitsFor('webgpu', limits(128)) });
    expect(refused.map((p) => p.path)).toEqual(['encoder.width']);
    expect(refused[0].message).toMatch(
      /one tensor \(the ResNet stem \(34×34×64\) of one view \(batch 512\)\) needs 145 MiB, more than the largest buffer this GPU binds: 128 MiB/,
    );
    expect(refused[0].message).toMatch(/a batch of 453 fits/);
    expect(validateConfig(c, { memory: memoryLimitsFor('webgpu', limits(2048)) })).toEqual([]);
    expect(memoryLimitsFor('webgl', limits(128))?.tensor.what).toMatch(/texture/);
    expect(memoryLimitsFor(undefined, limits(128))).toBeUndefined();
  });

  it('predicts the backend auto will pick', () => {
    expect(predictBackend('webgl', 'webgpu', undefined)).toBe('webgl');
    expect(predictBackend('auto', 'wasm', limits(128))).toBe('wasm');
    expect(predictBackend('auto', undefined, limits(128))).toBe('webgpu');
    expect(predictBackend('auto', undefined, limits(128, true))).toBe('wasm');
    expect(predictBackend('auto', undefined, undefined)).toBeUndefined();
  });
});
