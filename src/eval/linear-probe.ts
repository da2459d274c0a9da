// Linear probe: a softmax classifier on frozen features, trained on the device.
//
// Choices, and why:
// - Features are standardised with the training features' per-dimension mean and std (zero-std
//   dimensions keep scale 1, as sklearn's StandardScaler). Z1 (post-ReLU averages) and Z2 (raw
//   projector output, or quantised levels) have very different scales; standardising lets one
//   learning rate serve both, so Z1-vs-Z2 compares the features and not the step size.
// - The objective is mean cross-entropy + weightDecay/2 · ||W||² (convex; bias not decayed),
//   from W = 0, b = 0: no initialisation noise, so only the shuffling seed matters. The bias is
//   the last row of one parameter θ [D+1, C] against a ones column appended to the features.
// - Adam (β 0.9/0.999, eps 1e-8), lr cosine-decayed to 0 per step, mini-batches over a seeded
//   permutation per epoch (last batch partial). Adam is insensitive to the feature dimension
//   (16 to 2048 here), which a fixed SGD lr is not.
// - The gradient is written out analytically (softmax − one-hot, then Xᵀ·G): no gradient tape,
//   so the probe needs no registered gradient kernels (plain Node scripts cannot load
//   tfjs-core's register_all_gradients) and uses only forward kernels every backend has.
// - Batches are assembled on the CPU (standardised rows copied in shuffled order) and uploaded,
//   [b, D+1] + [b, C] floats per step: uploads never stall the device, whereas slicing or
//   gathering a batch out of the device-side training set cost ~3 ms per step on wasm (its
//   Slice copies the whole input) and made the probe 10x slower there.
// Device memory: one batch, θ and its two Adam moments, then the train and test sets once for
// the final scores. One read at the end (accuracies and the final training loss).
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../core/random';
import { learningRateFactor } from '../core/optim/schedule';
import { topOneFiveHits } from './ranking';

export interface ProbeOptions {
  epochs: number; // passes over the training features
  batchSize: number; // rows per Adam step
  lr: number; // peak Adam learning rate, cosine-decayed to 0 over the run
  weightDecay: number; // L2 coefficient on W (objective adds weightDecay/2 · ||W||²)
  standardize: boolean; // z-score features with the training mean/std
  seed: number; // shuffling only
}

/** `count` rows of `dim` features (row-major), with a class per row. */
export interface LabelledFeatures {
  features: Float32Array; // [≥ count · dim]; only the first count rows are used
  labels: ArrayLike<number>; // [≥ count]
  count: number;
  dim: number;
}

export interface ProbeResult {
  top1: number; // test accuracy in [0, 1]
  top5: number;
  trainTop1: number; // accuracy on the probe's own training features (over-fitting check)
  trainLoss: number; // final objective on the training features, weight decay included
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

function check(data: LabelledFeatures, numClasses: number, who: string): void {
  if (!Number.isInteger(data.count) || data.count < 1) throw new Error(`linearProbe: ${who} needs at least one row, got ${data.count}`);
  if (data.features.length < data.count * data.dim)
    throw new Error(`linearProbe: ${who} has ${data.features.length} values, needs ${data.count} x ${data.dim}`);
  for (let i = 0; i < data.count; i++) {
    const y = data.labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= numClasses) throw new Error(`linearProbe: ${who} label ${y} at row ${i} is not in [0, ${numClasses})`);
  }
}

/**
 * Per-dimension mean and scale of the training rows (float64 sums; scale 1 where the std is 0,
 * as sklearn's StandardScaler), or the identity when not standardising.
 */
function standardizer(train: LabelledFeatures, standardize: boolean): { mean: Float64Array; scale: Float64Array } {
  const { features, count: n, dim } = train;
  const mean = new Float64Array(dim);
  const scale = new Float64Array(dim).fill(1);
  if (!standardize) return { mean, scale };
  for (let r = 0; r < n; r++) for (let j = 0; j < dim; j++) mean[j] += features[r * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= n;
  const variance = new Float64Array(dim);
  for (let r = 0; r < n; r++) for (let j = 0; j < dim; j++) variance[j] += (features[r * dim + j] - mean[j]) ** 2;
  for (let j = 0; j < dim; j++) scale[j] = variance[j] > 0 ? Math.sqrt(variance[j] / n) : 1;
  return { mean, scale };
}

/** Rows `rows` of `data`, standardised, each with a trailing 1: [rows.length, D+1] row-major. */
function designRows(data: LabelledFeatures, rows: ArrayLike<number>, stats: { mean: Float64Array; scale: Float64Array }): Float32Array {
  const { dim, features } = data;
  const out = new Float32Array(rows.length * (dim + 1));
  for (let i = 0; i < rows.length; i++) {
    const src = rows[i] * dim;
    const dst = i * (dim + 1);
    for (let j = 0; j < dim; j++) out[dst + j] = (features[src + j] - stats.mean[j]) / stats.scale[j];
    out[dst + dim] = 1;
  }
  return out;
}

/** One-hot rows of the labels of `rows`: [rows.length, C] float32. */
function oneHotRows(labels: ArrayLike<number>, rows: ArrayLike<number>, numClasses: number): Float32Array {
  const out = new Float32Array(rows.length * numClasses);
  for (let i = 0; i < rows.length; i++) out[i * numClasses + labels[rows[i]]] = 1;
  return out;
}

const range = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/**
 * Gradient of mean CE + ½ Σ decay·θ² for one batch. x1 [b, D+1] has a trailing
 * column of ones, so θ [D+1, C] holds W and (last row) the bias: one parameter, one Adam update,
 * half the kernels per step of separate W and b. decay [D+1, 1]: weightDecay, 0 on the bias row.
 */
export function probeGradients(x1: tf.Tensor2D, oneHot: tf.Tensor2D, theta: tf.Tensor2D, decay: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const probs = tf.softmax(tf.matMul(x1, theta)); // [b, C]
    const g = tf.div(tf.sub(probs, oneHot), x1.shape[0]); // dLoss/dLogits, [b, C]
    // transpose + matMul: matMul(x, g, transposeA) was ~10x slower on wasm (testing.md).
    return tf.add(tf.matMul(tf.transpose(x1), g), tf.mul(theta, decay)) as tf.Tensor2D; // [D+1, C]
  });
}

/** The objective itself, mean CE + ½ Σ decay·θ², for reporting and for the gradient test. */
export function probeLoss(x1: tf.Tensor2D, oneHot: tf.Tensor2D, theta: tf.Tensor2D, decay: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const logProbs = tf.logSoftmax(tf.matMul(x1, theta)); // [n, C]
    const ce = tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logProbs), 1)));
    return tf.add(ce, tf.mul(tf.sum(tf.mul(decay, tf.square(theta))), 0.5)) as tf.Scalar;
  });
}

/** decay [D+1, 1]: weightDecay on the D weight rows, 0 on the bias row. */
export function decayColumn(dim: number, weightDecay: number): tf.Tensor2D {
  return tf.tidy(() => tf.concat([tf.fill([dim, 1], weightDecay), tf.zeros([1, 1])]) as tf.Tensor2D);
}

/** One Adam step on `param` (moments m, v updated in place); `stepSize` includes bias correction. */
function adamStep(param: tf.Variable, m: tf.Variable, v: tf.Variable, grad: tf.Tensor, stepSize: number): void {
  tf.tidy(() => {
    const mNext = tf.add(tf.mul(m, BETA1), tf.mul(grad, 1 - BETA1));
    const vNext = tf.add(tf.mul(v, BETA2), tf.mul(tf.square(grad), 1 - BETA2));
    m.assign(mNext);
    v.assign(vNext);
    param.assign(tf.sub(param, tf.mul(tf.div(mNext, tf.add(tf.sqrt(vNext), EPSILON)), stepSize)));
  });
}

/** Trains the probe on `train` and scores it on `test` (labels in [0, numClasses)). */
export async function linearProbe(train: LabelledFeatures, test: LabelledFeatures, numClasses: number, options: ProbeOptions): Promise<ProbeResult> {
  const { epochs, batchSize, lr, weightDecay, standardize, seed } = options;
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`linearProbe: epochs must be a whole number >= 1, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`linearProbe: batchSize must be a whole number >= 1, got ${batchSize}`);
  if (train.dim !== test.dim) throw new Error(`linearProbe: train has ${train.dim} features, test ${test.dim}`);
  check(train, numClasses, 'train');
  check(test, numClasses, 'test');
  const n = train.count;
  const width = train.dim + 1; // features and the ones column
  const stepsPerEpoch = Math.ceil(n / batchSize);
  const schedule = { warmupSteps: 0, totalSteps: epochs * stepsPerEpoch, warmupStartFactor: 1, minFactor: 0 };

  const stats = standardizer(train, standardize);
  const owned: tf.Tensor[] = [];
  const own = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  try {
    const decay = own(decayColumn(train.dim, weightDecay)); // [D+1, 1]
    const zeros = (): tf.Variable => own(tf.tidy(() => tf.variable(tf.zeros([width, numClasses]))));
    const theta = zeros(); // [D+1, C]: W, then the bias row; starts at 0
    const m = zeros();
    const v = zeros();

    let t = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = new Rng(seed).fork(`probe/${epoch}`).permutation(n);
      for (let start = 0; start < n; start += batchSize) {
        const rows = order.subarray(start, Math.min(n, start + batchSize));
        t += 1;
        const stepSize = (lr * learningRateFactor(t - 1, schedule) * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t);
        tf.tidy(() => {
          const xb = tf.tensor2d(designRows(train, rows, stats), [rows.length, width]); // [b, D+1]
          const yb = tf.tensor2d(oneHotRows(train.labels, rows, numClasses), [rows.length, numClasses]); // [b, C]
          adamStep(theta, m, v, probeGradients(xb, yb, theta as tf.Tensor2D, decay), stepSize);
        });
      }
    }

    const summary = own(
      tf.tidy(() => {
        const w = theta as tf.Tensor2D;
        const all = (data: LabelledFeatures): Int32Array => range(data.count);
        const xTrain = tf.tensor2d(designRows(train, all(train), stats), [n, width]); // [n, D+1]
        const xTest = tf.tensor2d(designRows(test, all(test), stats), [test.count, width]); // [nt, D+1]
        const yTrain = tf.tensor2d(oneHotRows(train.labels, all(train), numClasses), [n, numClasses]); // [n, C]
        const labelsOf = (data: LabelledFeatures): tf.Tensor1D =>
          tf.tensor1d(
            Int32Array.from(all(data), (i) => data.labels[i]),
            'int32',
          );
        const testHits = topOneFiveHits(tf.matMul(xTest, w), labelsOf(test)); // [2]
        const trainHits = topOneFiveHits(tf.matMul(xTrain, w), labelsOf(train)); // [2]
        const loss = probeLoss(xTrain, yTrain, w, decay);
        return tf.concat([testHits, tf.slice(trainHits, [0], [1]), tf.reshape(loss, [1])]); // [4]
      }),
    );
    const values = await summary.data(); // the probe's one read
    return { top1: values[0] / test.count, top5: values[1] / test.count, trainTop1: values[2] / n, trainLoss: values[3] };
  } finally {
    for (const tensor of owned) tensor.dispose();
  }
}
