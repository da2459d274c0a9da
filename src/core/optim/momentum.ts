// What SGD and LARS share: PyTorch's heavy-ball momentum (dampening 0, no Nesterov) on top of
// a per-parameter update direction d, solo-learn's two param groups, and the state handling.
//   buf = momentum * buf + d   (buf = d on a param's first step, as torch.clone(d_p))
//   p  -= lr * buf
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerKind } from '../config';
import type { Param, ParamGroupName } from '../nn/params';
import { checkStateShapes, checkStepInputs, momentumKey, parseState, type LearningRates, type Optimizer } from './optimizer';

/** One param group's numbers for this step, as JS numbers and as device scalars. */
export interface GroupStep {
  lr: number;
  weightDecay: number;
  lrScalar: tf.Scalar;
  weightDecayScalar: tf.Scalar;
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

  constructor(protected readonly options: MomentumOptions) {
    if (!(options.momentum >= 0) || !(options.weightDecay >= 0)) {
      throw new Error(`Optimizer: momentum and weight decay must be >= 0 (got ${options.momentum}, ${options.weightDecay})`);
    }
  }

  /** The update direction d of one parameter before momentum; runs inside a tidy. */
  protected abstract direction(p: tf.Tensor, g: tf.Tensor, param: Param, group: GroupStep): tf.Tensor;

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
    tf.tidy(() => {
      // Scalars are uploaded once per step and shared by every parameter of the group.
      const momentum = tf.scalar(this.options.momentum);
      const groups: Record<ParamGroupName, GroupStep> = {
        backbone: this.groupStep(lr.backbone, this.options.weightDecay),
        classifier: this.groupStep(lr.classifier, 0),
      };
      for (const param of params) {
        const g = grads[param.name];
        if (g == null) continue;
        // Per-parameter tidy: intermediates are freed as we go, not held until the whole step ends.
        tf.tidy(() => {
          const group = groups[param.group];
          const d = this.direction(param.variable, g, param, group);
          const old = this.buffers.get(param.name);
          let buf: tf.Tensor;
          if (old) {
            buf = tf.add(tf.mul(old, momentum), d);
            old.assign(buf);
          } else {
            buf = d;
            // tf.variable shares d's data (ref-counted), so the tidy freeing d is safe.
            this.buffers.set(param.name, tf.variable(d, false));
          }
          param.variable.assign(tf.sub(param.variable, tf.mul(buf, group.lrScalar)));
        });
      }
    });
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
    this.uncheckedLoad = false;
  }

  private groupStep(lr: number, weightDecay: number): GroupStep {
    return { lr, weightDecay, lrScalar: tf.scalar(lr), weightDecayScalar: tf.scalar(weightDecay) };
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
