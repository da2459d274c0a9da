// Optimiser state (checkpoint resume), input checks, leaks, and a real descent.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients'; // the descent test differentiates
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OptimizerKind, RunConfig } from '../config';
import type { Param } from '../nn/params';
import { Rng } from '../random';
import { createOptimizer, type LearningRates, type Optimizer } from './index';

const LR: LearningRates = { backbone: 0.3, classifier: 0.1 };

function settings(kind: OptimizerKind): RunConfig['optim'] {
  return { kind, lr: 0.4, classifierLr: 0.1, momentum: 0.9, weightDecay: 1e-3, larsEta: 0.02, larsClip: true, warmupEpochs: 0, warmupStartLr: 0, minLr: 0 };
}

function makeParams(seed: number): Param[] {
  const rng = new Rng(seed);
  const make = (name: string, shape: number[], role: Param['role'], group: Param['group']): Param => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: n }, () => rng.normal(0, 0.5));
    return { name, role, group, variable: tf.tidy(() => tf.variable(tf.tensor(values, shape))) };
  };
  return [
    make('enc/kernel', [4, 3], 'weight', 'backbone'),
    make('enc/bias', [3], 'bias', 'backbone'),
    make('enc/gamma', [3], 'norm', 'backbone'),
    make('cls/kernel', [3, 2], 'weight', 'classifier'),
  ];
}

/** Deterministic gradients for a step: the same for every optimiser that reaches it. */
function gradsFor(params: Param[], step: number): tf.NamedTensorMap {
  const rng = new Rng(1000 + step);
  const out: tf.NamedTensorMap = {};
  for (const p of params) out[p.name] = tf.tidy(() => tf.randomNormal(p.variable.shape, 0, 0.1, 'float32', rng.nextUint32()));
  return out;
}

function run(opt: Optimizer, params: Param[], from: number, to: number): void {
  for (let step = from; step < to; step++) {
    const grads = gradsFor(params, step);
    opt.step(params, grads, LR);
    tf.dispose(grads);
  }
}

const values = (params: Param[]): number[][] => params.map((p) => Array.from(p.variable.dataSync()));

describe('optimiser state', () => {
  afterEach(() => tf.disposeVariables());

  for (const kind of ['sgd', 'lars'] as const) {
    it(`${kind}: save, load into a fresh optimiser, continue = uninterrupted`, () => {
      const straight = makeParams(1);
      const optA = createOptimizer(settings(kind));
      run(optA, straight, 0, 8);

      const resumed = makeParams(1);
      const optB = createOptimizer(settings(kind));
      run(optB, resumed, 0, 4);
      // What a checkpoint does: read the values out, then rebuild tensors from plain numbers.
      const saved = new Map([...optB.state()].map(([k, t]) => [k, { shape: t.shape, data: Array.from(t.dataSync()) }]));
      const paramValues = values(resumed);
      optB.dispose();
      resumed.forEach((p) => p.variable.dispose());

      const restored = makeParams(99); // different init: everything must come from the checkpoint
      restored.forEach((p, i) => p.variable.assign(tf.tensor(paramValues[i], p.variable.shape)));
      const loaded: tf.NamedTensorMap = {};
      for (const [k, v] of saved) loaded[k] = tf.tensor(v.data, v.shape);
      const optC = createOptimizer(settings(kind));
      optC.loadState(loaded, kind === 'lars' ? restored : undefined); // eager and deferred checks
      tf.dispose(loaded); // loadState copied them
      run(optC, restored, 4, 8);

      expect(values(restored)).toEqual(values(straight)); // bit-identical, not merely close
      optA.dispose();
      optC.dispose();
    });

    it(`${kind}: step never reads tensors back to the CPU`, () => {
      const params = makeParams(8);
      const opt = createOptimizer(settings(kind));
      const grads = gradsFor(params, 0);
      const reads = (['dataSync', 'data', 'arraySync', 'array', 'bufferSync', 'buffer'] as const).map((m) => vi.spyOn(tf.Tensor.prototype, m));
      for (let i = 0; i < 3; i++) opt.step(params, grads, LR);
      for (const spy of reads) expect(spy).not.toHaveBeenCalled();
      reads.forEach((spy) => spy.mockRestore());
      tf.dispose(grads);
      opt.dispose();
    });

    it(`${kind}: no tensor leaks over 20 steps`, () => {
      const params = makeParams(2);
      const base = tf.memory().numTensors; // the params
      const opt = createOptimizer(settings(kind));
      const grads = gradsFor(params, 0);
      opt.step(params, grads, LR); // creates one momentum buffer per param (and the flat update's index tensors)
      const after1 = tf.memory().numTensors;
      expect(opt.state().size).toBe(params.length);
      for (let i = 0; i < 20; i++) opt.step(params, grads, LR);
      expect(tf.memory().numTensors).toBe(after1);
      opt.state();
      expect(tf.memory().numTensors).toBe(after1);
      opt.dispose();
      tf.dispose(grads);
      expect(tf.memory().numTensors).toBe(base);
    });
  }

  it('loadState rejects wrong shapes, missing, unknown and non-float entries, and changes nothing then', () => {
    const params = makeParams(3);
    const opt = createOptimizer(settings('lars'));
    run(opt, params, 0, 1);
    const before = new Map([...opt.state()].map(([k, t]) => [k, Array.from(t.dataSync())]));
    const good = (): Map<string, tf.Tensor> => new Map(params.map((p) => [`${p.name}/momentum`, tf.zeros(p.variable.shape)]));

    const wrongShape = good();
    wrongShape.set('enc/kernel/momentum', tf.zeros([3, 4]));
    expect(() => opt.loadState(wrongShape, params)).toThrow(/"enc\/kernel\/momentum" has shape \[3, 4\], parameter has \[4, 3\]/);
    expect(() => opt.loadState(wrongShape)).toThrow(/has shape \[3, 4\]/); // checked against the buffers

    const missing = good();
    missing.delete('cls/kernel/momentum');
    expect(() => opt.loadState(missing, params)).toThrow(/missing "cls\/kernel\/momentum"/);
    expect(() => opt.loadState(missing)).toThrow(/missing "cls\/kernel\/momentum"/);

    const unknown = good();
    unknown.set('enc/old/momentum', tf.zeros([2]));
    expect(() => opt.loadState(unknown, params)).toThrow(/"enc\/old\/momentum" matches no parameter/);
    const badKey = good();
    badKey.set('enc/kernel/velocity', tf.zeros([4, 3]));
    expect(() => opt.loadState(badKey)).toThrow(/unknown state entry "enc\/kernel\/velocity"/);
    const badType = good();
    badType.set('enc/bias/momentum', tf.zeros([3], 'int32'));
    expect(() => opt.loadState(badType)).toThrow(/dtype int32/);

    const after = new Map([...opt.state()].map(([k, t]) => [k, Array.from(t.dataSync())]));
    expect(after).toEqual(before);
    for (const m of [wrongShape, missing, unknown, badKey, badType]) tf.dispose([...m.values()]);
    opt.dispose();
  });

  it('a state loaded into a fresh optimiser is checked on the first step, before any update', () => {
    const params = makeParams(4);
    const opt = createOptimizer(settings('sgd'));
    opt.loadState({ 'enc/kernel/momentum': tf.zeros([2, 2]) });
    const grads = gradsFor(params, 0);
    const before = values(params);
    expect(() => opt.step(params, grads, LR)).toThrow(/missing "enc\/bias\/momentum".*"enc\/kernel\/momentum" has shape \[2, 2\]/);
    expect(values(params)).toEqual(before);
    opt.loadState(new Map()); // empty = fresh start
    opt.step(params, grads, LR);
    expect(opt.state().size).toBe(params.length);
    tf.dispose(grads);
    opt.dispose();
  });

  it('step rejects bad inputs before touching anything; missing grads are skipped', () => {
    const params = makeParams(5);
    const opt = createOptimizer(settings('lars'));
    const before = values(params);
    const g = tf.zeros([4, 3]);
    expect(() => opt.step(params, { 'enc/kernel': tf.zeros([3, 4]) }, LR)).toThrow(/"enc\/kernel" has shape \[3, 4\], parameter has \[4, 3\]/);
    expect(() => opt.step(params, { kernel_1: g }, LR)).toThrow(/"kernel_1" matches no parameter/);
    expect(() => opt.step(params, { 'enc/kernel': g }, { backbone: -1, classifier: 0 })).toThrow(/lr.backbone/);
    expect(() => opt.step(params, { 'enc/kernel': g }, { backbone: 0.1, classifier: NaN })).toThrow(/lr.classifier/);
    expect(values(params)).toEqual(before);
    opt.step(params, { 'enc/bias': tf.onesLike(params[1].variable) }, LR);
    expect([...opt.state().keys()]).toEqual(['enc/bias/momentum']);
    expect(values(params)[0]).toEqual(before[0]);
    expect(values(params)[1]).not.toEqual(before[1]);
    opt.dispose();
  });
});

describe('descent', () => {
  afterEach(() => tf.disposeVariables());

  for (const kind of ['sgd', 'lars'] as const) {
    it(`${kind} lowers a least-squares objective`, () => {
      // loss = mean((X W + b - Y)^2) + mean((X W C - T)^2), W and b backbone, C classifier.
      const rng = new Rng(6);
      const params = makeParams(7).filter((p) => p.name !== 'enc/gamma');
      const [W, b, C] = params.map((p) => p.variable);
      const X = tf.tensor2d(
        Array.from({ length: 32 * 4 }, () => rng.normal()),
        [32, 4],
      );
      const Y = tf.tensor2d(
        Array.from({ length: 32 * 3 }, () => rng.normal()),
        [32, 3],
      );
      const T = tf.tensor2d(
        Array.from({ length: 32 * 2 }, () => rng.normal()),
        [32, 2],
      );
      const loss = (): tf.Scalar =>
        tf.tidy(() => {
          const h = tf.add(tf.matMul(X, W), b); // [32, 3]
          return tf.add(tf.mean(tf.square(tf.sub(h, Y))), tf.mean(tf.square(tf.sub(tf.matMul(tf.matMul(X, W), C), T))));
        });
      const opt = createOptimizer({ ...settings(kind), larsEta: 0.1 });
      const names = new Map(params.map((p) => [p.variable.name, p.name]));
      const first = loss().arraySync() as number;
      for (let i = 0; i < 60; i++) {
        const { value, grads } = tf.variableGrads(loss, [W, b, C]);
        // variableGrads keys by TF.js variable name; the optimiser wants param names.
        const byParam: tf.NamedTensorMap = {};
        for (const [varName, g] of Object.entries(grads)) byParam[names.get(varName) as string] = g;
        opt.step(params, byParam, { backbone: 0.05, classifier: 0.05 });
        tf.dispose([value, ...Object.values(grads)]);
      }
      const last = loss().arraySync() as number;
      expect(last).toBeLessThan(0.8 * first);
      tf.dispose([X, Y, T]);
      opt.dispose();
    });
  }
});
