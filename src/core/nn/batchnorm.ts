// BatchNorm with PyTorch's semantics as one fused op per layer: forward and backward are each a
// handful of whole-tensor kernels (tf.customGrad), where autodiff through the composed formula
// launched ~40 small ones per layer and saved a copy of every intermediate for the tape.
// Rows may be several stacked views (ForwardContext.groups), each with its own statistics.
import * as tf from '@tensorflow/tfjs-core';
import { RUNNING_MOMENTUM, type ForwardContext } from './params';
import type { ParamSink } from './state';
import { onesInit, zerosInit } from './init';

export const BN_EPS = 1e-5;
export const BN_MOMENTUM = RUNNING_MOMENTUM;

export interface BatchNorm {
  readonly channels: number;
  /** `relu` applies max(0, y) inside the same op (BN-ReLU is the common pair). */
  forward<T extends tf.Tensor2D | tf.Tensor4D>(x: T, ctx: ForwardContext, relu?: boolean): T;
}

/** A view of x [N, ..., C] as [G, rows, cols, C]: each group's rows · cols = M values per channel. */
function groupShape(size: number, channels: number, groups: number): [number, number, number, number] {
  const count = size / channels / groups;
  let rows = Math.floor(Math.sqrt(count));
  while (count % rows !== 0) rows--;
  return [groups, rows, count / rows, channels];
}

/**
 * Per-group channel means of x4 [G, rows, cols, C]: [G, 1, 1, C]. On wasm an average pool whose
 * window is the whole group (XNNPACK: 0.3-0.5 ms for 1M values, where Mean's transpose-and-
 * reduce took 7-11 ms on the 2-core machine; run as the bare kernel, without the op's cast);
 * elsewhere tf.mean (a GPU reduces in parallel, where a pool window would be one thread's loop).
 */
export function groupMean(x4: tf.Tensor4D): tf.Tensor4D {
  if (tf.getBackend() !== 'wasm') return tf.mean(x4, [1, 2], true);
  const window = [x4.shape[1], x4.shape[2]];
  return tf.engine().runKernel('AvgPool', { x: x4 }, { filterSize: window, strides: window, pad: 'valid' }) as tf.Tensor4D;
}

/** Per-group batch statistics of one training forward: [G, C] each, variance biased. */
export interface BatchStats {
  mean: tf.Tensor2D;
  variance: tf.Tensor2D;
}

/**
 * Training-mode BatchNorm (+ ReLU) of x [N, ..., C] whose N rows are `groups` equal blocks:
 *   xhat = (x - mean_g) / sqrt(var_g + eps),  y = gamma * xhat + beta  (then max(0, y) if relu)
 * with mean_g and the BIASED var_g over the M = N/G * (spatial) values of group g, channel c.
 * Backward (dy' = dy masked by y > 0 when relu), per group:
 *   dbeta = Σ dy',  dgamma = Σ dy' xhat,  dx = gamma / sqrt(var + eps) · (dy' − Σdy'/M − xhat Σ(dy' xhat)/M)
 * which is the exact derivative through the batch statistics. ~11 kernels forward, ~15
 * backward; saves xhat, 1/std, gamma and (relu) y. `onStats` receives the statistics during
 * the forward (freed after it returns: keep what is derived from them).
 */
export function batchNormTrain<T extends tf.Tensor>(
  x: T,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  groups: number,
  relu: boolean,
  onStats?: (stats: BatchStats) => void,
): T {
  const channels = x.shape[x.rank - 1];
  const shape4 = groupShape(x.size, channels, groups);
  const count = shape4[1] * shape4[2]; // M: values per group and channel
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, g, b, save] = args as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const x4 = tf.reshape(input, shape4) as tf.Tensor4D; // [G, rows, cols, C]
    const mean = groupMean(x4); // [G, 1, 1, C]
    const diff = tf.sub(x4, mean) as tf.Tensor4D;
    const variance = groupMean(tf.square(diff)); // [G, 1, 1, C] biased, two-pass
    const invStd = tf.rsqrt(tf.add(variance, BN_EPS)); // [G, 1, 1, C]
    const xhat = tf.mul(diff, invStd);
    let y = tf.add(tf.mul(xhat, g), b);
    if (relu) y = tf.relu(y);
    save(relu ? [xhat, invStd, g, y] : [xhat, invStd, g]);
    if (onStats) onStats({ mean: tf.reshape(mean, [groups, channels]), variance: tf.reshape(variance, [groups, channels]) });
    return {
      value: tf.reshape(y, input.shape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [xh, inv, gm, out] = saved;
          let d = tf.reshape(dy, shape4) as tf.Tensor4D;
          if (out) d = tf.mul(d, tf.step(out)); // ReLU's gradient: y > 0 exactly where its input was
          const meanD = groupMean(d); // [G, 1, 1, C]  Σdy' / M
          const meanDXhat = groupMean(tf.mul(d, xh) as tf.Tensor4D); // [G, 1, 1, C]  Σdy' xhat / M
          const centred = tf.add(tf.mul(xh, meanDXhat), meanD);
          const dx = tf.mul(tf.sub(d, centred), tf.mul(inv, gm));
          // Σ over views of M · mean: [G, 1, 1, C] -> [C]
          const dGamma = tf.mul(tf.sum(meanDXhat, [0, 1, 2]), count);
          const dBeta = tf.mul(tf.sum(meanD, [0, 1, 2]), count);
          return [tf.reshape(dx, dy.shape), dGamma, dBeta];
        }),
    };
  });
  return op(x, gamma, beta) as T;
}

/**
 * nn.BatchNorm1d ([N, C]) / nn.BatchNorm2d ([N, H, W, C]) with PyTorch semantics: statistics
 * over every axis but the last, eps 1e-5, momentum 0.1. Training normalises with the batch
 * mean and BIASED variance of each view (ctx.groups) and differentiates through them; the
 * running variance is updated with the UNBIASED one, once per view in view order, as
 * PyTorch's would be by one forward per view. The new running stats are recorded in
 * ctx.bufferUpdates (kept past the caller's tidy) for the trainer to assign after the
 * optimiser step; several training forwards with one context compound in order. Evaluation
 * uses the running stats and records nothing.
 * Registers `${prefix}/gamma`, `${prefix}/beta` (role 'norm') and buffers
 * `${prefix}/runningMean`, `${prefix}/runningVar`.
 */
export function batchNorm(store: ParamSink, prefix: string, channels: number): BatchNorm {
  if (!Number.isInteger(channels) || channels < 1) throw new Error(`${prefix}: channels must be a positive integer, got ${channels}`);
  const gamma = store.addParam(`${prefix}/gamma`, [channels], onesInit, 'norm') as tf.Tensor1D;
  const beta = store.addParam(`${prefix}/beta`, [channels], zerosInit, 'norm') as tf.Tensor1D;
  const runningMean = store.addBuffer(`${prefix}/runningMean`, () => tf.zeros([channels]));
  const runningVar = store.addBuffer(`${prefix}/runningVar`, () => tf.ones([channels]));
  return {
    channels,
    forward<T extends tf.Tensor2D | tf.Tensor4D>(x: T, ctx: ForwardContext, relu = false): T {
      if (x.shape[x.rank - 1] !== channels) throw new Error(`${prefix}: expected ${channels} channels, got ${x.shape[x.rank - 1]}`);
      if (!ctx.training) {
        const scale = tf.mul(gamma, tf.rsqrt(tf.add(runningVar, BN_EPS))); // [C]
        const shift = tf.sub(beta, tf.mul(runningMean, scale)); // [C]
        const y = tf.add(tf.mul(x, scale), shift) as T; // broadcasts over the last axis
        return relu ? tf.relu(y) : y;
      }
      const groups = ctx.groups;
      if (x.shape[0] % groups !== 0) throw new Error(`${prefix}: a batch of ${x.shape[0]} rows does not split into ${groups} views`);
      const count = x.size / channels / groups; // values per view and channel
      if (count < 2) throw new Error(`${prefix}: BatchNorm in training needs more than 1 value per channel (got a batch of shape [${x.shape.join(', ')}])`);
      return batchNormTrain(x, gamma, beta, groups, relu, (stats) => recordRunningStats(ctx, runningMean, runningVar, stats, count));
    },
  };
}

/**
 * Records this pass's per-view statistics for applyBufferUpdates (params.ts); a second pass
 * with the same context appends its views after the first's, so the updates compound in order.
 */
function recordRunningStats(ctx: ForwardContext, runningMean: tf.Variable, runningVar: tf.Variable, stats: BatchStats, count: number): void {
  const record = (variable: tf.Variable, batch: tf.Tensor2D, factor: number): void => {
    const pending = ctx.bufferUpdates.find((u) => u.variable === variable);
    if (!pending) {
      ctx.bufferUpdates.push({ variable, value: tf.keep(batch), factor });
      return;
    }
    // An earlier pass of this step first. Passes with another count per view need their own factor.
    const joined: tf.Tensor2D = tf.keep(
      pending.factor === factor ? tf.concat([pending.value, batch], 0) : tf.concat([tf.mul(pending.value, pending.factor), tf.mul(batch, factor)], 0),
    ) as tf.Tensor2D;
    pending.value.dispose();
    pending.value = joined;
    if (pending.factor !== factor) pending.factor = 1;
  };
  record(runningMean, stats.mean, 1);
  record(runningVar, stats.variance, count / (count - 1)); // unbiased
}
