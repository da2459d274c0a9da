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
 * What a forward pass needs besides its input. In training mode BatchNorm uses batch
 * statistics and records the new running statistics here; the trainer assigns them after
 * the optimiser step (inside a gradient tape they must not be assigned mid-pass).
 */
export interface ForwardContext {
  training: boolean;
  bufferUpdates: { variable: tf.Variable; value: tf.Tensor }[];
}

export function trainingContext(): ForwardContext {
  return { training: true, bufferUpdates: [] };
}

export function evalContext(): ForwardContext {
  return { training: false, bufferUpdates: [] };
}

/** Applies and frees the running-statistics updates a training forward pass recorded. */
export function applyBufferUpdates(ctx: ForwardContext): void {
  for (const { variable, value } of ctx.bufferUpdates) {
    variable.assign(value);
    value.dispose();
  }
  ctx.bufferUpdates.length = 0;
}
