// What SGD and LARS share: PyTorch's heavy-ball momentum (dampening 0, no Nesterov) on top of
// an update direction d, solo-learn's two param groups, and the state handling.
//   buf = momentum * buf + d   (buf = d on a param's first step, as torch.clone(d_p))
//   p  -= lr * buf
// The arithmetic is one multi-tensor update (flat.ts): parameters, gradients and momentum
// buffers of the step are concatenated into one [R, L] matrix each, updated by a few kernels,
// and split back; the state stays one momentum buffer per parameter (the checkpoint layout).
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerKind } from '../config';
import type { Param, ParamGroupName } from '../nn/params';
import { FlatLayout } from './flat';
import { checkStateShapes, checkStepInputs, momentumKey, parseState, type LearningRates, type Optimizer } from './optimizer';

/** One step's flattened inputs, for the update direction. */
export interface FlatStep {
  layout: FlatLayout;
  p: tf.Tensor2D; // [R, L] the parameters with a gradient this step (layout.rows)
  params: tf.Tensor[]; // the same parameters per segment
  grads: tf.Tensor[]; // their gradients per segment
  lr: (group: ParamGroupName) => number;
  weightDecay: (group: ParamGroupName) => number; // the backbone's, 0 for the classifier group
}

export interface MomentumOptions {
  momentum: number;
  weightDecay: number; // backbone group only: solo-learn gives the classifier group weight_decay 0
}

export abstract class MomentumOptimizer implements Optimizer {
  abstract readonly kind: OptimizerKind;
  // Non-trainable variables, so tf.variableGrads never differentiates with respect to them.
  private buffers = new Map<string, tf.Variable>();
  // Set by loadState when there was nothing to check the state against yet.
  private uncheckedLoad = false;
  // The last step's layout: the same params with gradients reuse its constant index tensors.
  private layout: FlatLayout | undefined;

  constructor(protected readonly options: MomentumOptions) {
    if (!(options.momentum >= 0) || !(options.weightDecay >= 0)) {
      throw new Error(`Optimizer: momentum and weight decay must be >= 0 (got ${options.momentum}, ${options.weightDecay})`);
    }
  }

  /** The update direction d [R, L] before momentum; runs inside a tidy. */
  protected abstract direction(step: FlatStep): tf.Tensor2D;

  step(params: Param[], grads: tf.NamedTensorMap, lr: LearningRates): void {
    checkStepInputs(params, grads, lr);
    if (this.uncheckedLoad) {
      this.checkAgainst(
        this.buffers,
        params,
        params.filter((p) => grads[p.name] != null),
      );
      this.uncheckedLoad = false;
    }
    const active = params.filter((p) => grads[p.name] != null);
    if (active.length === 0) return;
    const layout = this.layoutFor(active);
    const groupLr = (group: ParamGroupName): number => (group === 'backbone' ? lr.backbone : lr.classifier);
    // Nested tidies free each stage's intermediates as soon as it is done: every one is a full
    // copy of all parameters (11 M floats for ResNet-18 w64), and holding them all to the end of
    // the step made the optimiser's transient peak ~15 copies.
    tf.tidy(() => {
      const segmentParams = active.map((q) => q.variable);
      const p = layout.rows(segmentParams); // [R, L]
      const d = tf.tidy(() =>
        this.direction({
          layout,
          p,
          params: segmentParams,
          grads: active.map((q) => grads[q.name]),
          lr: groupLr,
          weightDecay: (group) => (group === 'backbone' ? this.options.weightDecay : 0),
        }),
      );
      // A param's first step starts its buffer at d: momentum * 0 + d is exactly d.
      const fresh = active.every((q) => !this.buffers.has(q.name));
      const buf: tf.Tensor2D = fresh
        ? d
        : tf.tidy(
            () =>
              tf.add(tf.mul(layout.rows(active.map((q) => this.buffers.get(q.name) ?? tf.zeros([q.variable.size]))), this.options.momentum), d) as tf.Tensor2D,
          );
      if (!fresh) d.dispose();
      const lrB = groupLr('backbone');
      const lrC = groupLr('classifier');
      const next = tf.tidy(() => {
        // Per-row lr: lr_C + [backbone row] (lr_B − lr_C), [R, 1].
        const lrs =
          lrB === lrC
            ? tf.scalar(lrB)
            : tf.add(
                tf.mul(
                  layout.rowConstant('backbone', (i) => (layout.segments[i].param.group === 'backbone' ? 1 : 0)),
                  lrB - lrC,
                ),
                lrC,
              );
        return tf.sub(p, tf.mul(buf, lrs)) as tf.Tensor2D;
      });
      p.dispose();
      tf.tidy(() => layout.unrows(next).forEach((piece, i) => active[i].variable.assign(piece)));
      next.dispose();
      tf.tidy(() =>
        layout.unrows(buf).forEach((piece, i) => {
          const old = this.buffers.get(active[i].name);
          // tf.variable shares the piece's data (ref-counted), so the tidy freeing it is safe.
          if (old) old.assign(piece);
          else this.buffers.set(active[i].name, tf.variable(piece, false));
        }),
      );
    });
  }

  private layoutFor(active: Param[]): FlatLayout {
    if (this.layout?.key !== FlatLayout.keyOf(active)) {
      this.layout?.dispose();
      this.layout = new FlatLayout(active);
    }
    return this.layout;
  }

  state(): Map<string, tf.Tensor> {
    const out = new Map<string, tf.Tensor>();
    for (const [name, buf] of this.buffers) out.set(momentumKey(name), buf);
    return out;
  }

  loadState(state: Map<string, tf.Tensor> | tf.NamedTensorMap, params?: Param[]): void {
    const loaded = parseState(state);
    // Validate everything before touching the current buffers: a bad load changes nothing.
    const fresh = this.buffers.size === 0;
    if (params) this.checkAgainst(loaded, params, params);
    else if (!fresh && loaded.size > 0) {
      const expected = new Map([...this.buffers].map(([name, b]) => [name, b.shape] as const));
      checkStateShapes(loaded, expected, expected.keys());
    }
    const copies = new Map<string, tf.Variable>();
    for (const [name, t] of loaded)
      copies.set(
        name,
        tf.tidy(() => tf.variable(t.clone(), false)),
      );
    this.disposeBuffers();
    this.buffers = copies;
    // Loaded into a fresh optimiser without params: nothing to check against until the next step.
    this.uncheckedLoad = !params && fresh && loaded.size > 0;
  }

  dispose(): void {
    this.disposeBuffers();
    this.layout?.dispose();
    this.layout = undefined;
    this.uncheckedLoad = false;
  }

  private checkAgainst(buffers: Map<string, { shape: readonly number[] }>, params: Param[], required: Param[]): void {
    // An empty state is a fresh start (a checkpoint taken before the first step); otherwise the
    // saved run must have had a buffer for every parameter that is being trained.
    const expected = new Map(params.map((p) => [p.name, p.variable.shape] as const));
    checkStateShapes(buffers, expected, buffers.size === 0 ? [] : required.map((p) => p.name));
  }

  private disposeBuffers(): void {
    for (const buf of this.buffers.values()) buf.dispose();
    this.buffers.clear();
  }
}
