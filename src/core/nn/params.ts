// Named parameters and buffers of a model. Names are stable paths ("encoder/block1/conv/kernel")
// so checkpoints can be matched, shape-checked and resumed; TF.js's own global variable names
// are not used for that (they must be unique per page and change between model instances).
import * as tf from '@tensorflow/tfjs-core';

/** How the optimiser treats a parameter: LARS adaptation and weight decay skip biases and norms. */
export type ParamRole = 'weight' | 'bias' | 'norm';

/** Which optimiser group a parameter belongs to (the online classifier has its own lr, no decay). */
export type ParamGroupName = 'backbone' | 'classifier';

export interface Param {
  name: string;
  variable: tf.Variable;
  role: ParamRole;
  group: ParamGroupName;
}

/** A tensor initialiser; `seed` is derived from the store seed and the parameter's name. */
export type Initializer = (shape: number[], seed: number) => tf.Tensor;

/** FNV-1a of a string, mixed with a seed: a stable per-parameter seed. */
export function hashSeed(seed: number, name: string): number {
  let h = (2166136261 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

export class ParamStore {
  private readonly trainable = new Map<string, Param>();
  private readonly buffers = new Map<string, tf.Variable>();

  constructor(readonly seed: number) {}

  /** Creates a trainable parameter; the initial tensor is freed (tf.variable keeps a copy). */
  addParam(name: string, shape: number[], init: Initializer, role: ParamRole, group: ParamGroupName = 'backbone'): tf.Variable {
    if (this.trainable.has(name) || this.buffers.has(name)) throw new Error(`ParamStore: duplicate name ${name}`);
    const variable = tf.tidy(() => tf.variable(init(shape, hashSeed(this.seed, name)), true));
    this.trainable.set(name, { name, variable, role, group });
    return variable;
  }

  /** Creates a non-trainable buffer (BatchNorm running statistics). */
  addBuffer(name: string, initial: () => tf.Tensor): tf.Variable {
    if (this.trainable.has(name) || this.buffers.has(name)) throw new Error(`ParamStore: duplicate name ${name}`);
    const variable = tf.tidy(() => tf.variable(initial(), false));
    this.buffers.set(name, variable);
    return variable;
  }

  params(): Param[] {
    return [...this.trainable.values()];
  }

  param(name: string): Param {
    const p = this.trainable.get(name);
    if (!p) throw new Error(`ParamStore: no parameter ${name}`);
    return p;
  }

  bufferEntries(): [string, tf.Variable][] {
    return [...this.buffers.entries()];
  }

  /** Every tensor of the model's state, by name: what a checkpoint stores. */
  namedState(): Map<string, tf.Variable> {
    const out = new Map<string, tf.Variable>();
    for (const p of this.trainable.values()) out.set(p.name, p.variable);
    for (const [name, v] of this.buffers) out.set(name, v);
    return out;
  }

  trainableCount(): number {
    let n = 0;
    for (const p of this.trainable.values()) n += p.variable.size;
    return n;
  }

  dispose(): void {
    for (const p of this.trainable.values()) p.variable.dispose();
    for (const v of this.buffers.values()) v.dispose();
    this.trainable.clear();
    this.buffers.clear();
  }
}

/**
 * A running statistic to update after the step: `value` holds this pass's batch statistic of
 * each view, [K, C] (K views, in order; kept past the caller's tidy), and `factor` scales it
 * (the unbiased-variance correction n / (n − 1), or 1).
 */
export interface BufferUpdate {
  variable: tf.Variable;
  value: tf.Tensor2D;
  factor: number;
}

/**
 * What a forward pass needs besides its input. In training mode BatchNorm uses batch
 * statistics and records them here; the trainer applies the running-average updates after
 * the optimiser step (inside a gradient tape they must not be assigned mid-pass).
 */
export interface ForwardContext {
  training: boolean;
  /**
   * Training only: the batch's rows are this many equal blocks (the augmented views, view A's
   * rows first), each normalised by BatchNorm with its own statistics, as if the network ran
   * once per view (solo-learn). One pass over all views launches half the kernels of two.
   */
  groups: number;
  bufferUpdates: BufferUpdate[];
}

/** A training pass over `groups` stacked views (1: the whole batch is one group). */
export function trainingContext(groups = 1): ForwardContext {
  if (!Number.isInteger(groups) || groups < 1) throw new Error(`trainingContext: groups must be a positive integer, got ${groups}`);
  return { training: true, groups, bufferUpdates: [] };
}

export function evalContext(): ForwardContext {
  return { training: false, groups: 1, bufferUpdates: [] };
}

/** PyTorch's BatchNorm momentum: running = (1 − m) running + m · batch. */
export const RUNNING_MOMENTUM = 0.1;

/**
 * Applies and frees the running-statistics updates a training forward pass recorded, once per
 * view in order as PyTorch's would be by one forward per view:
 *   running ← (1 − m)^K running + Σ_k m (1 − m)^(K−1−k) · factor · batch_k
 * Every statistic of the model is updated by one batched computation (~7 kernels in all, where
 * one update per statistic cost 4 each: 160 for a ResNet-18).
 */
export function applyBufferUpdates(ctx: ForwardContext): void {
  const updates = ctx.bufferUpdates.splice(0);
  if (updates.length === 0) return;
  const views = updates[0].value.shape[0];
  const m = RUNNING_MOMENTUM;
  try {
    if (updates.some((u) => u.value.shape[0] !== views)) {
      for (const u of updates) applyBatched([u], u.value.shape[0], m); // passes of unequal view counts
      return;
    }
    applyBatched(updates, views, m);
  } finally {
    tf.dispose(updates.map((u) => u.value));
  }
}

function applyBatched(updates: BufferUpdate[], views: number, m: number): void {
  tf.tidy(() => {
    const sizes = updates.map((u) => u.value.shape[1]);
    const total = sizes.reduce((a, b) => a + b, 0);
    const weights = new Float32Array(views * total); // [K, ΣC]: m (1 − m)^(K−1−k) · factor
    let column = 0;
    updates.forEach((u, i) => {
      for (let k = 0; k < views; k++) weights.fill(m * (1 - m) ** (views - 1 - k) * u.factor, k * total + column, k * total + column + sizes[i]);
      column += sizes[i];
    });
    const batch =
      updates.length === 1
        ? updates[0].value
        : tf.concat(
            updates.map((u) => u.value),
            1,
          ); // [K, ΣC]
    const mixed = tf.sum(tf.mul(batch, tf.tensor2d(weights, [views, total])), 0); // [ΣC]
    const running = updates.length === 1 ? updates[0].variable : tf.concat(updates.map((u) => u.variable)); // [ΣC]
    const next = tf.add(tf.mul(running, (1 - m) ** views), mixed);
    const parts = updates.length === 1 ? [next] : tf.split(next, sizes);
    updates.forEach((u, i) => u.variable.assign(parts[i]));
  });
}
