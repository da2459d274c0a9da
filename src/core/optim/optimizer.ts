// The optimiser contract shared by SGD and LARS, and the checks on saved optimiser state.
// Optimisers are ours rather than tf.train's: LARS needs per-parameter trust ratios, the two
// solo-learn param groups need their own lr and weight decay, and checkpoints need the momentum
// buffers under stable names (tf.train keys them by TF.js variable names, which change per page).
import type * as tf from '@tensorflow/tfjs-core';
import type { OptimizerKind } from '../config';
import type { Param } from '../nn/params';

/** Learning rates of this step, per param group (already batch-scaled and scheduled). */
export interface LearningRates {
  backbone: number;
  classifier: number;
}

export interface Optimizer {
  readonly kind: OptimizerKind;
  /**
   * Updates `params` in place (variable.assign) from `grads`, keyed by param name. Params without
   * a grad are skipped (their momentum is left untouched). Never reads tensors back to the CPU.
   * Throws before changing anything on a grad of the wrong shape, a grad for an unknown name,
   * a negative lr, or (after loadState) saved state that does not fit these params.
   */
  step(params: Param[], grads: tf.NamedTensorMap, lr: LearningRates): void;
  /**
   * Momentum buffers by `${paramName}/momentum`: the live tensors, owned by the optimiser (do not
   * dispose them). The next step replaces their contents, so start any async read before it.
   */
  state(): Map<string, tf.Tensor>;
  /**
   * Replaces the optimiser state with copies of `state` (the caller keeps ownership of its
   * tensors). With `params`, checks at once that the state holds a buffer of the right shape for
   * every param and nothing else; without, checks against the current buffers if there are any,
   * else on the next step against the params that step receives. An empty state means "fresh".
   */
  loadState(state: Map<string, tf.Tensor> | tf.NamedTensorMap, params?: Param[]): void;
  dispose(): void;
}

const MOMENTUM_SUFFIX = '/momentum';

export function momentumKey(paramName: string): string {
  return paramName + MOMENTUM_SUFFIX;
}

/** Saved state as param name → buffer; throws on keys or dtypes this optimiser does not store. */
export function parseState(state: Map<string, tf.Tensor> | tf.NamedTensorMap): Map<string, tf.Tensor> {
  const entries = state instanceof Map ? [...state.entries()] : Object.entries(state);
  const byParam = new Map<string, tf.Tensor>();
  for (const [key, tensor] of entries) {
    if (!key.endsWith(MOMENTUM_SUFFIX) || key.length === MOMENTUM_SUFFIX.length) {
      throw new Error(`Optimizer.loadState: unknown state entry "${key}" (expected "<param>${MOMENTUM_SUFFIX}")`);
    }
    if (tensor.isDisposed) throw new Error(`Optimizer.loadState: state entry "${key}" is disposed`);
    if (tensor.dtype !== 'float32') {
      throw new Error(`Optimizer.loadState: state entry "${key}" has dtype ${tensor.dtype}, expected float32`);
    }
    byParam.set(key.slice(0, -MOMENTUM_SUFFIX.length), tensor);
  }
  return byParam;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

const fmt = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * Checks saved buffers against the expected shapes by param name. `required` names must have a
 * buffer; every buffer must belong to an expected name. All problems are reported at once.
 */
export function checkStateShapes(
  buffers: Map<string, { shape: readonly number[] }>,
  expected: Map<string, readonly number[]>,
  required: Iterable<string>,
): void {
  const problems: string[] = [];
  for (const name of required) {
    if (!buffers.has(name)) problems.push(`missing "${momentumKey(name)}"`);
  }
  for (const [name, buf] of buffers) {
    const shape = expected.get(name);
    if (!shape) problems.push(`"${momentumKey(name)}" matches no parameter`);
    else if (!sameShape(buf.shape, shape)) {
      problems.push(`"${momentumKey(name)}" has shape ${fmt(buf.shape)}, parameter has ${fmt(shape)}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`Optimizer state does not fit the model: ${problems.join('; ')}`);
  }
}

/** Checks a step's inputs on the CPU side (shapes and numbers only: no GPU sync). */
export function checkStepInputs(params: Param[], grads: tf.NamedTensorMap, lr: LearningRates): void {
  for (const [group, value] of Object.entries(lr)) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`Optimizer.step: lr.${group} = ${value} is not a finite lr >= 0`);
  }
  const byName = new Map(params.map((p) => [p.name, p]));
  if (byName.size !== params.length) throw new Error('Optimizer.step: duplicate parameter names');
  for (const [name, g] of Object.entries(grads)) {
    // tf.variableGrads reports non-trainable variables with a null grad: treat as missing.
    if (g == null) continue;
    const p = byName.get(name);
    // A grad under a name no param has means grads were keyed by something else (e.g. TF.js
    // variable names); skipping them silently would train nothing.
    if (!p) throw new Error(`Optimizer.step: gradient "${name}" matches no parameter`);
    if (!sameShape(g.shape, p.variable.shape)) {
      throw new Error(`Optimizer.step: gradient "${name}" has shape ${fmt(g.shape)}, parameter has ${fmt(p.variable.shape)}`);
    }
  }
}
