// A numerical self-check of a backend: the same small conv + matmul on the CPU backend and on
// the selected one, and the training step's fused ops against their composed forms on the
// selected one (core/fused-checks.ts). The page shows the difference, so a user sees that
// their GPU computes what the reference computes (and the browser tests assert it on WebGPU).
import * as tf from '@tensorflow/tfjs-core';
import { imagesFromPlanes, normalizeImages } from '../core/augment/images';
import { runFusedChecks, worstRelativeDifference } from '../core/fused-checks';

/** Two deterministic 32x32 RGB images as uint8 planes (the cache's layout). */
function probePlanes(): Uint8Array {
  const planes = new Uint8Array(2 * 3 * 32 * 32);
  for (let i = 0; i < planes.length; i++) planes[i] = (i * 37 + (i >> 10) * 11) % 256;
  return planes;
}

function computeProbe(): tf.Tensor1D {
  return tf.tidy(() => {
    // The input pipeline every step and evaluation starts with: uint8 planes to normalised
    // NHWC floats (int32 upload, transpose, cast), then a per-image summary.
    const images = normalizeImages(imagesFromPlanes(probePlanes(), 2));
    const pixels = tf.reshape(tf.slice(images, [0, 0, 0, 0], [2, 2, 2, 3]), [-1]) as tf.Tensor1D;
    const summary = tf.reshape(tf.mean(images, [1, 2]), [-1]) as tf.Tensor1D;
    // Integer paths: labels uploaded as int32 (the online classifier, the probe, kNN), one-hot.
    const labels = tf.tensor1d(Int32Array.from([3, 1, 4, 1, 5, 9, 2, 6]), 'int32');
    const labelValues = tf.cast(labels, 'float32') as tf.Tensor1D;
    const oneHotSums = tf.sum(tf.mul(tf.cast(tf.oneHot(labels, 10), 'float32'), tf.range(1, 11)), 1) as tf.Tensor1D; // label + 1 per row
    const ranged = tf.cast(tf.add(tf.range(0, 4, 1, 'int32'), tf.scalar(5, 'int32')), 'float32') as tf.Tensor1D;
    // Deterministic inputs in [-1, 1], no RNG. Arguments stay small: GPU sin/cos lose
    // precision on large arguments, which would measure the shader's sin, not the conv.
    const x = tf.reshape(tf.sin(tf.mul(tf.range(0, 2 * 8 * 8 * 3), 0.01)), [2, 8, 8, 3]) as tf.Tensor4D; // [2, 8, 8, 3]
    const w = tf.reshape(tf.cos(tf.mul(tf.range(0, 3 * 3 * 3 * 4), 0.05)), [3, 3, 3, 4]) as tf.Tensor4D; // [3, 3, 3, 4]
    const conv = tf.relu(tf.conv2d(x, w, 1, 'same')); // [2, 8, 8, 4]
    const flat = tf.reshape(conv, [2, 256]) as tf.Tensor2D;
    const m = tf.reshape(tf.sin(tf.mul(tf.range(0, 256 * 5), 0.003)), [256, 5]) as tf.Tensor2D;
    return tf.concat([tf.reshape(tf.matMul(flat, m), [-1]), pixels, summary, labelValues, oneHotSums, ranged]) as tf.Tensor1D; // [10 + 24 + 6 + 8 + 8 + 4]
  });
}

/** The fused ops against their composed forms on the active backend: the worst relative difference and where. */
export async function checkFusedOps(): Promise<{ maxRelDiff: number; worst: string; checks: number }> {
  const checks = await runFusedChecks();
  const worst = worstRelativeDifference(checks);
  return { maxRelDiff: worst.relative, worst: worst.name, checks: checks.length };
}

/** Runs the probe on `backendName` and on CPU; restores `backendName` afterwards. */
export async function compareWithCpu(
  backendName: string,
): Promise<{ cpu: number[]; actual: number[]; maxAbsDiff: number; maxRelDiff: number; millis: number }> {
  const start = performance.now();
  const onBackend = computeProbe();
  const actual = Array.from(await onBackend.data());
  onBackend.dispose();
  const millis = performance.now() - start;
  await tf.setBackend('cpu');
  const onCpu = computeProbe();
  const cpu = Array.from(await onCpu.data());
  onCpu.dispose();
  await tf.setBackend(backendName);
  let maxAbsDiff = 0;
  let scale = 0;
  for (let i = 0; i < cpu.length; i++) {
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(cpu[i] - actual[i]));
    scale = Math.max(scale, Math.abs(cpu[i]));
  }
  return { cpu, actual, maxAbsDiff, maxRelDiff: maxAbsDiff / Math.max(scale, 1e-30), millis };
}
