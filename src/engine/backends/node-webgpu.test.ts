// WebGPU in Node (npm `webgpu`, Dawn) runs the very code path of the browser: the fused ops
// equal their composed forms there, and a training step equals the CPU backend's with a flat
// tensor count. Here Dawn runs on SwiftShader (Debian chromium's Vulkan ICD, which the browser
// tests need anyway): slow, but exact. On a GPU server the vendor's Vulkan driver is used.
import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tinyConfig } from '../../test/tiny-config';
import { runFusedChecks, worstRelativeDifference } from '../../core/fused-checks';
import { expectClose } from '../../core/nn/testutil';
import { syntheticDataset } from '../../data/synthetic';
import { Trainer } from '../trainer';
import { describeNodeBackend, useNodeBackend } from './node';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;

async function oneStep(backend: string): Promise<{ metrics: number[]; weights: number[]; tensorsBefore: number; tensorsAfter: number }> {
  await tf.setBackend(backend);
  const config = tinyConfig((c) => {
    c.train.batchSize = 8;
    c.train.logEvery = 1;
  });
  const trainer = new Trainer(config, syntheticDataset({ trainSize: 16, testSize: 8, seed: 3 }));
  try {
    // Two steps first: pipelines, the optimiser's layout constants (lr 0 at step 0, then > 0).
    await trainer.runInterval();
    await trainer.runInterval();
    const tensorsBefore = tf.memory().numTensors;
    const point = await trainer.runInterval();
    const tensorsAfter = tf.memory().numTensors;
    const weights = Array.from(await trainer.model.store.params()[0].variable.data());
    return { metrics: Object.values(point?.values ?? {}), weights, tensorsBefore, tensorsAfter };
  } finally {
    trainer.dispose();
  }
}

describe('WebGPU in Node (Dawn)', () => {
  it('runs the fused ops and a training step as the CPU backend does', async () => {
    await useNodeBackend('webgpu');
    console.log(`node webgpu: ${await describeNodeBackend()}`);
    const checks = await runFusedChecks();
    const worst = worstRelativeDifference(checks);
    console.log(`node webgpu: worst fused/composed difference ${JSON.stringify(worst)}`);
    expect(worst.relative).toBeLessThan(1e-5);

    const gpu = await oneStep('webgpu');
    expect(gpu.tensorsAfter).toBe(gpu.tensorsBefore);
    const cpu = await oneStep('cpu');
    expectClose(gpu.metrics, cpu.metrics, 1e-3, 'step metrics');
    expectClose(gpu.weights, cpu.weights, 1e-4, 'first weight after two steps');
  }, 300_000);
});
