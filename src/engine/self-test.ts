// A numerical self-check of a backend: the same small conv + matmul on the CPU backend and on
// the selected one. The page shows the difference, so a user sees that their GPU computes
// what the reference computes (and the browser tests assert it on WebGPU).
import * as tf from '@tensorflow/tfjs-core';

function computeProbe(): tf.Tensor1D {
  return tf.tidy(() => {
    // Deterministic inputs in [-1, 1], no RNG. Arguments stay small: GPU sin/cos lose
    // precision on large arguments, which would measure the shader's sin, not the conv.
    const x = tf.reshape(tf.sin(tf.mul(tf.range(0, 2 * 8 * 8 * 3), 0.01)), [2, 8, 8, 3]) as tf.Tensor4D; // [2, 8, 8, 3]
    const w = tf.reshape(tf.cos(tf.mul(tf.range(0, 3 * 3 * 3 * 4), 0.05)), [3, 3, 3, 4]) as tf.Tensor4D; // [3, 3, 3, 4]
    const conv = tf.relu(tf.conv2d(x, w, 1, 'same')); // [2, 8, 8, 4]
    const flat = tf.reshape(conv, [2, 256]) as tf.Tensor2D;
    const m = tf.reshape(tf.sin(tf.mul(tf.range(0, 256 * 5), 0.003)), [256, 5]) as tf.Tensor2D;
    return tf.reshape(tf.matMul(flat, m), [-1]) as tf.Tensor1D; // [10]
  });
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
