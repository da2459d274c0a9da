// The memory estimate (core/config-memory.ts) against what training steps really allocate on
// wasm: TF.js's count of the bytes alive at a step's peak (tf.profile's peakBytes, over the
// first two steps: the first creates the momentum buffers) and the wasm heap's size afterwards.
// The configs are NOT the ones the factors were fitted on (listed in config-memory.ts): other
// widths, batches, SGD, lmbd, point_num with an SAE. Tolerance: the estimate must not be below
// what was measured (it guards a hard limit) and at most 60% above it (so it refuses little that
// would have run). Since the fused training step (issue 11) the linear model's fit spreads over
// ±28% across encoders and methods, and the factors are raised until no fitted config is under
// its measurement: measured here the held-out configs came out 1.29-1.53x.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../core/config';
import { estimateMemory, formatBytes } from '../core/config-memory';
import { syntheticDataset } from '../data/synthetic';
import { Trainer } from './trainer';

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = syntheticDataset({ trainSize: 192, testSize: 16, seed: 5 });

function config(change: (c: RunConfig) => void): RunConfig {
  const c = defaultConfig();
  c.train.logEvery = 1;
  c.train.epochs = 4;
  c.optim.warmupEpochs = 0;
  change(c);
  return c;
}

const CASES: [string, RunConfig][] = [
  [
    'ConvNet [12, 24, 48], batch 48, SGD',
    config((c) => {
      c.encoder.convChannels = [12, 24, 48];
      c.train.batchSize = 48;
      c.optim.kind = 'sgd';
    }),
  ],
  [
    'ResNet-18 width 6, batch 12, lmbd 0.05',
    config((c) => {
      c.encoder = { kind: 'resnet18', width: 6, convChannels: [8] };
      c.train.batchSize = 12;
      c.loss.lmbd = 0.05;
    }),
  ],
  [
    'Barlow Twins, ConvNet [6, 12], 768 → 1536, batch 24',
    config((c) => {
      c.method = 'barlow';
      c.encoder.convChannels = [6, 12];
      c.projector.hiddenDim = 768;
      c.projector.outputDim = 1536;
      c.train.batchSize = 24;
    }),
  ],
  [
    'SimCLR + SAE (16,384 latents, top-128) + point_num 3, ConvNet [12, 24], batch 24',
    config((c) => {
      c.encoder.convChannels = [12, 24];
      c.projector.sae = { enabled: true, latentDim: 16384, topK: 128 };
      c.projector.pointNum = 3;
      c.train.batchSize = 24;
    }),
  ],
  [
    'ConvNet [24, 48], projector 3000 → 200, batch 96',
    config((c) => {
      c.encoder.convChannels = [24, 48];
      c.projector.hiddenDim = 3000;
      c.projector.outputDim = 200;
      c.train.batchSize = 96;
    }),
  ],
];

const heapBytes = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;

describe('memory estimate against wasm', () => {
  it.each(CASES.map(([name, config]) => ({ name, config })))(
    '$name: the estimate is at or above the measured peak, by 60% at most',
    async ({ name, config: c }) => {
      const before = tf.memory().numBytes;
      const trainer = new Trainer(c, dataset);
      let peak = 0;
      try {
        for (let i = 0; i < 2; i++) {
          const profile = await tf.profile(async () => {
            await trainer.runInterval({ maxSteps: 1 });
            return [];
          });
          peak = Math.max(peak, profile.peakBytes - before);
        }
      } finally {
        trainer.dispose();
      }
      const estimate = estimateMemory(c, 'wasm').train;
      console.log(
        `[memory] ${name}: measured ${formatBytes(peak)}, estimated ${formatBytes(estimate)} (×${(estimate / peak).toFixed(2)}), heap ${formatBytes(heapBytes())}`,
      );
      expect(estimate).toBeGreaterThanOrEqual(peak);
      expect(estimate).toBeLessThanOrEqual(1.6 * peak);
    },
  );

  // The heap never shrinks, so after every case it holds the largest step's peak, plus what the
  // allocator lost to fragmentation and Emscripten's growth in steps of up to 20%.
  it('the wasm heap grew to the largest estimate, give or take the heap’s 20% growth steps', () => {
    const largest = Math.max(...CASES.map(([, c]) => estimateMemory(c, 'wasm').train));
    console.log(`[memory] heap after every case ${formatBytes(heapBytes())}, largest estimate ${formatBytes(largest)}`);
    expect(heapBytes()).toBeGreaterThanOrEqual(0.8 * largest);
    expect(heapBytes()).toBeLessThanOrEqual(1.2 * largest + 16 * 2 ** 20);
  });
});
