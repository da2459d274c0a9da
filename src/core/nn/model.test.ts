import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../config';
import { applyBufferUpdates, evalContext, trainingContext } from './params';
import { checkStateShapes, createModel, describeModelState } from './model';

function tinyConfig(over: (c: RunConfig) => void = () => {}): RunConfig {
  const c = defaultConfig();
  c.encoder = { kind: 'convnet', width: 4, convChannels: [4, 6] };
  c.projector = { hiddenDim: 8, outputDim: 5, pointNum: 0, sae: { enabled: false, latentDim: 12, topK: 3 } };
  over(c);
  return c;
}

const images = (n: number): tf.Tensor4D => tf.randomNormal([n, 16, 16, 3], 0, 1, 'float32', 3) as tf.Tensor4D;

describe('createModel', () => {
  it('registers encoder/, projector/ and classifier/ params; only the classifier is in group classifier', () => {
    const model = createModel(tinyConfig(), 10);
    const groups = new Map(model.store.params().map((p) => [p.name, p.group]));
    for (const [name, group] of groups) {
      expect(name).toMatch(/^(encoder|projector|classifier)\//);
      expect(group).toBe(name.startsWith('classifier/') ? 'classifier' : 'backbone');
    }
    expect(model.store.param('classifier/kernel').variable.shape).toEqual([6, 10]);
    expect(model.encoder.outputDim).toBe(6);
    expect(model.projector.outputDim).toBe(5);
    expect(model.classifier.numClasses).toBe(10);
    model.dispose();
  });

  it('the online classifier never sends gradient to Z1: encoder gradients of its loss are all zero', () => {
    const model = createModel(tinyConfig(), 3);
    const encoderVars = model.store.params().filter((p) => p.name.startsWith('encoder/'));
    const classifierVars = model.store.params().filter((p) => p.group === 'classifier');
    const ctx = trainingContext();
    const [encoderNorms, classifierNorms] = tf.tidy(() => {
      const x = images(4);
      const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3);
      const { grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(labels, model.classifier.forward(model.encoder.forward(x, ctx))) as tf.Scalar,
        [...encoderVars, ...classifierVars].map((p) => p.variable),
      );
      const norm = (ps: typeof encoderVars) => ps.map((p) => tf.max(tf.abs(grads[p.variable.name])).dataSync()[0]);
      return [norm(encoderVars), norm(classifierVars)];
    });
    applyBufferUpdates(ctx);
    expect(encoderNorms.length).toBeGreaterThan(0);
    for (const v of encoderNorms) expect(v).toBe(0);
    for (const v of classifierNorms) expect(v).toBeGreaterThan(0);
    model.dispose();
  });

  it('is deterministic in its seed: same seed, same weights; another seed, other weights', () => {
    const config = tinyConfig((c) => (c.projector.sae = { enabled: true, latentDim: 12, topK: 3 }));
    const a = createModel(config, 4, 7);
    const b = createModel(config, 4, 7);
    const c = createModel(config, 4, 8);
    for (const p of a.store.params()) {
      const va = p.variable.dataSync();
      expect(Array.from(b.store.param(p.name).variable.dataSync()), p.name).toEqual(Array.from(va));
      const randomInit = new Set(va).size > 1; // BN gamma/beta and zero biases are constants
      if (randomInit) expect(Array.from(c.store.param(p.name).variable.dataSync()), p.name).not.toEqual(Array.from(va));
    }
    // The config seed is the default.
    const d = createModel({ ...config, seed: 7 }, 4);
    expect(Array.from(d.store.param('encoder/block1/conv/kernel').variable.dataSync())).toEqual(
      Array.from(a.store.param('encoder/block1/conv/kernel').variable.dataSync()),
    );
    [a, b, c, d].forEach((m) => m.dispose());
  });

  it('forward passes in tidy leak nothing, evaluation records no updates, dispose frees everything', () => {
    const before = tf.memory().numTensors;
    const model = createModel(
      tinyConfig((c) => (c.method = 'barlow')),
      5,
    );
    const afterCreate = tf.memory().numTensors;
    const ctx = trainingContext();
    tf.tidy(() => {
      const x = images(4);
      const { value, grads } = tf.variableGrads(() => {
        const z1 = model.encoder.forward(x, ctx);
        const z2 = model.projector.forward(z1, ctx);
        const logits = model.classifier.forward(z1);
        return tf.add(tf.mean(tf.square(z2)), tf.mean(tf.square(logits))) as tf.Scalar;
      });
      value.dispose();
      Object.values(grads).forEach((g) => g.dispose());
    });
    expect(ctx.bufferUpdates).toHaveLength(2 * (2 + 2)); // 2 conv BNs + 2 projector BNs
    applyBufferUpdates(ctx);
    expect(tf.memory().numTensors).toBe(afterCreate);
    const evalCtx = evalContext();
    tf.tidy(() => {
      model.projector.forward(model.encoder.forward(images(1), evalCtx), evalCtx);
    });
    expect(evalCtx.bufferUpdates).toHaveLength(0);
    expect(tf.memory().numTensors).toBe(afterCreate);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a bad config fails with a clear error and leaks nothing', () => {
    const before = tf.memory().numTensors;
    expect(() =>
      createModel(
        tinyConfig((c) => (c.projector.sae = { enabled: true, latentDim: 4, topK: 5 })),
        3,
      ),
    ).toThrow(/topK/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('describeModelState', () => {
  const configs: [string, RunConfig][] = [
    ['simclr convnet', tinyConfig()],
    ['barlow convnet + sae', tinyConfig((c) => ((c.method = 'barlow'), (c.projector.sae.enabled = true)))],
    [
      'simclr resnet18 + sae + discrete',
      tinyConfig((c) => ((c.encoder = { kind: 'resnet18', width: 2, convChannels: [] }), (c.projector.sae.enabled = true), (c.projector.pointNum = 3))),
    ],
  ];
  for (const [name, config] of configs) {
    it(`${name}: lists exactly the model's state, in order, without allocating`, () => {
      const before = tf.memory().numTensors;
      const entries = describeModelState(config, 7);
      expect(tf.memory().numTensors).toBe(before);
      const model = createModel(config, 7);
      const state = model.store.namedState();
      expect(entries.map((e) => e.name).sort()).toEqual([...state.keys()].sort());
      for (const e of entries) {
        expect(e.shape, e.name).toEqual(state.get(e.name)!.shape);
        if (e.kind === 'param') expect([e.role, e.group]).toEqual([model.store.param(e.name).role, model.store.param(e.name).group]);
      }
      expect(entries.filter((e) => e.kind === 'param').map((e) => e.name)).toEqual(model.store.params().map((p) => p.name));
      const shapes = new Map([...state].map(([n, v]) => [n, v.shape]));
      expect(checkStateShapes(entries, shapes)).toEqual([]);
      model.dispose();
    });
  }

  it('counts the paper backbone without building it, and checkStateShapes names every mismatch', () => {
    const config = tinyConfig((c) => (c.encoder = { kind: 'resnet18', width: 64, convChannels: [] }));
    const entries = describeModelState(config, 10);
    const backbone = entries.filter((e) => e.kind === 'param' && e.name.startsWith('encoder/'));
    expect(backbone.reduce((n, e) => n + e.shape.reduce((a, b) => a * b, 1), 0)).toBe(11_168_832);
    const shapes = new Map(entries.map((e) => [e.name, e.shape]));
    shapes.delete('encoder/conv1/kernel');
    shapes.set('classifier/kernel', [512, 100]);
    shapes.set('extra/thing', [1]);
    expect(checkStateShapes(entries, shapes)).toEqual([
      'missing encoder/conv1/kernel [3, 3, 3, 64]',
      'classifier/kernel: expected [512, 10], got [512, 100]',
      'unexpected extra/thing',
    ]);
  });
});
