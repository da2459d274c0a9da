import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { evalContext, ParamStore, trainingContext, applyBufferUpdates } from './params';
import { createConvNet, createEncoder, createResNet18 } from './encoders';
import { defaultConfig } from '../config';

const stores: ParamStore[] = [];
function newStore(seed = 0): ParamStore {
  const s = new ParamStore(seed);
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

const images = (n: number, seed = 1): tf.Tensor4D => tf.randomNormal([n, 32, 32, 3], 0, 1, 'float32', seed) as tf.Tensor4D;

describe('resnet18 (solo-learn CIFAR variant)', () => {
  it('has exactly 11,168,832 trainable parameters at width 64 and outputs [N, 512]', () => {
    const store = newStore();
    const net = createResNet18(store, 64);
    expect(net.outputDim).toBe(512);
    // torchvision resnet18 (11,689,512) - fc (513,000) - 7x7 conv1 (9,408) + 3x3 conv1 (1,728)
    expect(store.trainableCount()).toBe(11_168_832);
    expect(store.params().every((p) => p.group === 'backbone')).toBe(true);
    // 8x8 inputs keep this under a second on the CPU backend (2 images at 32x32 take ~10 s);
    // the 32x32 stage sizes are checked at width 4 below.
    const shape = tf.tidy(() => net.forward(tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 1) as tf.Tensor4D, evalContext()).shape);
    expect(shape).toEqual([2, 512]);
  });

  it('runs its stages at 34, 34, 17, 9, 5 (3x3 stem with padding 2, no max-pool)', () => {
    const store = newStore();
    const net = createResNet18(store, 4);
    const ctx = trainingContext();
    const shapes = tf.tidy(() => net.featureMaps(images(2), ctx).map((m) => m.shape));
    expect(shapes).toEqual([
      [2, 34, 34, 4],
      [2, 34, 34, 4],
      [2, 17, 17, 8],
      [2, 9, 9, 16],
      [2, 5, 5, 32],
    ]);
    applyBufferUpdates(ctx);
  });

  it('mirrors torchvision names: stem, BasicBlocks [2,2,2,2], 1x1 downsample at the first block of stages 2-4', () => {
    const store = newStore();
    createResNet18(store, 4);
    const shapes = new Map(store.params().map((p) => [p.name, p.variable.shape]));
    expect(shapes.get('encoder/conv1/kernel')).toEqual([3, 3, 3, 4]);
    expect(shapes.get('encoder/layer1/0/conv1/kernel')).toEqual([3, 3, 4, 4]);
    expect(shapes.get('encoder/layer2/0/conv1/kernel')).toEqual([3, 3, 4, 8]);
    expect(shapes.get('encoder/layer4/1/conv2/kernel')).toEqual([3, 3, 32, 32]);
    const downsamples = [...shapes.keys()].filter((n) => n.includes('downsample') && n.endsWith('kernel'));
    expect(downsamples).toEqual([
      'encoder/layer2/0/downsample/conv/kernel',
      'encoder/layer3/0/downsample/conv/kernel',
      'encoder/layer4/0/downsample/conv/kernel',
    ]);
    expect(shapes.get('encoder/layer3/0/downsample/conv/kernel')).toEqual([1, 1, 8, 16]);
    const convs = [...shapes.keys()].filter((n) => n.endsWith('/kernel'));
    expect(convs).toHaveLength(1 + 16 + 3); // stem, 8 blocks x 2 convs, 3 shortcuts
    const bns = [...shapes.keys()].filter((n) => n.endsWith('/gamma'));
    expect(bns).toHaveLength(convs.length);
    expect(store.bufferEntries()).toHaveLength(2 * bns.length);
  });

  it('keeps the stem at nn.Conv2d default init (solo-learn replaces it after torchvision init)', () => {
    const store = newStore(5);
    createResNet18(store, 8);
    const stem = store.param('encoder/conv1/kernel').variable.dataSync();
    const bound = 1 / Math.sqrt(27);
    expect(Math.max(...stem.map(Math.abs))).toBeLessThanOrEqual(bound);
    // Other convs are kaiming_normal: unbounded, std sqrt(2 / (9 * 8)) = 0.167 > bound/sqrt(3)
    const body = store.param('encoder/layer1/0/conv1/kernel').variable.dataSync();
    expect(Math.max(...body.map(Math.abs))).toBeGreaterThan(bound);
  });
});

describe('convnet', () => {
  it('one conv-BN-ReLU per entry, 2x2 max-pool between blocks, output [N, last channels]', () => {
    const store = newStore();
    const net = createConvNet(store, [4, 8, 6]);
    expect(net.outputDim).toBe(6);
    expect(store.params().map((p) => [p.name, p.variable.shape])).toEqual([
      ['encoder/block1/conv/kernel', [3, 3, 3, 4]],
      ['encoder/block1/bn/gamma', [4]],
      ['encoder/block1/bn/beta', [4]],
      ['encoder/block2/conv/kernel', [3, 3, 4, 8]],
      ['encoder/block2/bn/gamma', [8]],
      ['encoder/block2/bn/beta', [8]],
      ['encoder/block3/conv/kernel', [3, 3, 8, 6]],
      ['encoder/block3/bn/gamma', [6]],
      ['encoder/block3/bn/beta', [6]],
    ]);
    const ctx = trainingContext();
    const out = tf.tidy(() => {
      const z = net.forward(images(3), ctx);
      return { shape: z.shape, min: tf.min(z).dataSync()[0] };
    });
    expect(out.shape).toEqual([3, 6]);
    expect(out.min).toBeGreaterThanOrEqual(0); // average of ReLU outputs
    expect(ctx.bufferUpdates).toHaveLength(6);
    applyBufferUpdates(ctx);
  });

  it('rejects empty or non-integer channel lists and too many pools for 32x32', () => {
    expect(() => createConvNet(newStore(), [])).toThrow(/at least one/);
    expect(() => createConvNet(newStore(), [4, 0])).toThrow(/convChannels\[1\]/);
    const net = createConvNet(newStore(), [2, 2, 2, 2, 2, 2, 2]);
    expect(() => tf.tidy(() => net.forward(images(1), evalContext()))).toThrow(/below 1x1/);
  });
});

describe('createEncoder', () => {
  it('builds the configured kind and checks the input is [N, H, W, 3]', () => {
    const cfg = defaultConfig();
    const conv = createEncoder({ ...cfg.encoder, kind: 'convnet', convChannels: [4, 8] }, newStore());
    expect(conv.outputDim).toBe(8);
    const res = createEncoder({ ...cfg.encoder, kind: 'resnet18', width: 2 }, newStore());
    expect(res.outputDim).toBe(16);
    expect(() => tf.tidy(() => conv.forward(tf.zeros([1, 32, 32, 1]) as tf.Tensor4D, evalContext()))).toThrow(/\[N, H, W, 3\]/);
  });

  it('leaks no tensors in a training forward once updates are applied', () => {
    const store = newStore();
    const net = createResNet18(store, 2);
    const before = tf.memory().numTensors;
    const ctx = trainingContext();
    tf.tidy(() => {
      net.forward(images(2), ctx);
    });
    expect(ctx.bufferUpdates).toHaveLength(2 * 20);
    applyBufferUpdates(ctx);
    expect(tf.memory().numTensors).toBe(before);
  });
});
