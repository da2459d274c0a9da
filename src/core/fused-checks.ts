// Fused ops against their composed forms (composed.ts) on whatever backend is active: values
// and gradients on small deterministic inputs. The unit tests run these on cpu and wasm; the
// engine's self-test runs them on the browser's backend (WebGPU included) and reports the
// largest difference, which the browser tests assert.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { batchNormComposed, crossEntropyComposed, ntXentLossComposed } from './composed';
import { batchNormTrain } from './nn/batchnorm';
import { createConvNet } from './nn/encoders/convnet';
import { ParamStore, trainingContext, type ForwardContext } from './nn/params';
import { softmaxCrossEntropy } from './losses/cross-entropy';
import { ntXentLoss } from './losses/ntxent';

export interface FusedCheck {
  name: string;
  fused: number[];
  composed: number[];
}

/** Deterministic values in [-1, 1] without an RNG: sin of a stretched index. */
function wave(shape: number[], phase: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, (_, i) => Math.sin(0.731 * i + phase) * Math.cos(0.117 * i)),
    shape,
  );
}

/** Value and gradients of sum(f(inputs) * w) w.r.t. every input, flattened into one list. */
async function valueAndGrads(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], weight: (y: tf.Tensor) => tf.Tensor): Promise<number[]> {
  const out = tf.tidy(() => {
    const y = f(...inputs);
    const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), weight(y))))(inputs);
    return tf.concat([tf.reshape(y, [-1]), ...grads.map((g) => tf.reshape(g, [-1]))]);
  });
  const values = Array.from(await out.data());
  out.dispose();
  return values;
}

async function compare(
  name: string,
  fused: (...xs: tf.Tensor[]) => tf.Tensor,
  composed: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
): Promise<FusedCheck> {
  const weight = (y: tf.Tensor) => wave(y.shape, 2.5); // a generic upstream gradient
  return { name, fused: await valueAndGrads(fused, inputs, weight), composed: await valueAndGrads(composed, inputs, weight) };
}

/** Runs every check on the active backend. Reads with data() only (WebGPU in Node cannot read synchronously). */
export async function runFusedChecks(): Promise<FusedCheck[]> {
  const checks: FusedCheck[] = [];
  const keep: tf.Tensor[] = [];
  const t = (shape: number[], phase: number, scale = 1, shift = 0): tf.Tensor => {
    const x = tf.tidy(() => tf.add(tf.mul(wave(shape, phase), scale), shift));
    keep.push(x);
    return x;
  };
  try {
    const gamma = t([5], 1, 0.5, 1);
    const beta = t([5], 2, 0.3);
    for (const [name, shape, groups, relu] of [
      ['batchNorm 2-D + ReLU, two views', [4, 3, 3, 5], 2, true],
      ['batchNorm 2-D, one view', [2, 3, 4, 5], 1, false],
      ['batchNorm 1-D + ReLU, two views', [6, 5], 2, true],
    ] as const) {
      checks.push(
        await compare(
          name,
          (x, g, b) => batchNormTrain(x, g as tf.Tensor1D, b as tf.Tensor1D, groups, relu),
          (x, g, b) => batchNormComposed(x, g as tf.Tensor1D, b as tf.Tensor1D, groups, relu),
          [t([...shape], 3, 2, 0.5), gamma, beta],
        ),
      );
    }
    // NT-Xent with one row at the origin (a discrete projector's dead row): value and gradient.
    const z = tf.tidy(() => tf.mul(wave([8, 5], 4), tf.tensor2d([1, 1, 0, 1, 1, 1, 1, 1], [8, 1])));
    keep.push(z);
    const halves = (x: tf.Tensor) => tf.split(x, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
    checks.push(
      await compare(
        'NT-Xent (T = 0.2)',
        (x) => ntXentLoss(...halves(x), 0.2),
        (x) => ntXentLossComposed(...halves(x), 0.2),
        [z],
      ),
    );
    const labels = tf.tensor1d([0, 3, 1, 1, 2, 0], 'int32');
    keep.push(labels);
    checks.push(
      await compare(
        'softmax cross-entropy',
        (l) => softmaxCrossEntropy(l as tf.Tensor2D, labels),
        (l) => crossEntropyComposed(l as tf.Tensor2D, labels),
        [t([6, 4], 5, 3)],
      ),
    );
    checks.push(await stackedViews());
    return checks;
  } finally {
    tf.dispose(keep);
  }
}

/** A ConvNet over both views stacked (groups 2) equals one pass per view, values and parameter gradients. */
async function stackedViews(): Promise<FusedCheck> {
  const store = new ParamStore(7);
  try {
    const net = createConvNet(store, [3, 4]);
    const params = store.params().map((p) => p.variable);
    const run = async (stacked: boolean): Promise<number[]> => {
      const contexts: ForwardContext[] = [];
      const context = (groups: number): ForwardContext => {
        contexts.push(trainingContext(groups));
        return contexts[contexts.length - 1];
      };
      const out = tf.tidy(() => {
        const views = wave([4, 6, 6, 3], 6) as tf.Tensor4D; // two views of two images
        const forward = (): tf.Tensor2D => {
          if (stacked) return net.forward(views, context(2));
          const [a, b] = tf.split(views, 2, 0) as [tf.Tensor4D, tf.Tensor4D];
          return tf.concat([net.forward(a, context(1)), net.forward(b, context(1))]);
        };
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(forward())) as tf.Scalar, params);
        return tf.concat([tf.reshape(value, [1]), ...params.map((p) => tf.reshape(grads[p.name], [-1]))]);
      });
      for (const ctx of contexts) for (const u of ctx.bufferUpdates) u.value.dispose(); // running stats: not compared here
      const values = Array.from(await out.data());
      out.dispose();
      return values;
    };
    return { name: 'ConvNet over stacked views vs one pass per view', fused: await run(true), composed: await run(false) };
  } finally {
    store.dispose();
  }
}

/** Largest |fused − composed| relative to the largest composed magnitude of the check, over all checks. */
export function worstRelativeDifference(checks: FusedCheck[]): { name: string; relative: number } {
  let worst = { name: '', relative: 0 };
  for (const c of checks) {
    const scale = Math.max(1e-30, ...c.composed.map(Math.abs));
    const diff = Math.max(...c.fused.map((v, i) => Math.abs(v - c.composed[i])));
    const relative = c.fused.length === c.composed.length ? diff / scale : Infinity;
    if (!(relative <= worst.relative)) worst = { name: c.name, relative };
  }
  return worst;
}
