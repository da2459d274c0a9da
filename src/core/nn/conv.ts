// conv2d (NHWC input, HWIO kernel, symmetric zero padding, square stride) with a gradient that
// every backend can run, and the fastest one per backend. TF.js's own gradient needs the
// Conv2DBackpropFilter kernel, which tfjs-backend-wasm 4.22 lacks, so training on wasm needs
// this one; on the CPU backend TF.js's Conv2DBackpropFilter is 10-20x slower than ours.
//   dx 'conv':      a forward conv of dy (dilated by the stride) with the kernel rotated 180°
//                   and its channel axes swapped (XNNPACK's fast path on wasm).
//   dx 'transpose': tf.conv2dTranspose, i.e. the backend's Conv2DBackpropInput kernel.
//   dw 'conv':      one conv that correlates x with dy over the batch: the batch axis becomes
//                   the channel axis, dy the (dilated) filter, the output [Cin, KH, KW, Cout].
//   dw 'im2col':    pad x once, the KH·KW strided windows concatenated along channels
//                   ([M, KH·KW·Cin], M = N·Ho·Wo), one matMul with dy [M, Cout].
import * as tf from '@tensorflow/tfjs-core';

export type InputGradMethod = 'conv' | 'transpose';
export type FilterGradMethod = 'conv' | 'im2col';
export type ConvGradient = 'builtin' | { input: InputGradMethod; filter: FilterGradMethod };
type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

/**
 * The conv gradient per backend. Measured on the 2-core development machine (Node, under other
 * load: medians of interleaved runs), one layer, ms per call (ConvNet layers at batch 64,
 * ResNet-18 width-8 layers at batch 16):
 * - wasm (has no built-in dw kernel): dw 'conv' beats im2col 1.2-40x (ConvNet layer 1: 54 vs
 *   141; layer 2: 86 vs 243; ResNet stage entry, stride 2: 5.8 vs 197); dx 'conv' beats the
 *   Conv2DBackpropInput loop 4-10x (ConvNet layer 2: 55 vs 522).
 * - cpu: TF.js's Conv2DBackpropFilter is the bottleneck (ConvNet layer 1 ~10.6 s, layer 3
 *   ~22 s); dw 'conv' takes 1.0 s / 1.7 s (im2col 1.4 s / 2.0 s). dx: the built-in kernel
 *   ties the rotated conv at stride 1 and is 4x faster at stride 2 (31 vs 136).
 * Whole training steps (scripts/bench-step.ts): ConvNet [32,64,128] batch 64: cpu 173 s with
 * the built-in gradient, 38 s with this policy; wasm 7.1 s with dx transpose + dw im2col,
 * 1.5 s with dx conv + dw conv. ResNet-18 width 8 batch 16: cpu 71 s -> 35 s; wasm 2.9 s ->
 * 0.6-1.4 s (load-dependent).
 * - webgl: slices + matMul for dw was ~40% faster than the built-in (measured earlier, in
 *   Chromium on SwiftShader; testing.md): im2col, and the backend's own dx kernel.
 * - webgpu: built-in. Not measurable here (SwiftShader says nothing about real GPUs) and
 *   TF.js's WebGPU backprop kernels are native shaders; keep them until measured.
 */
export function convGradientFor(backend: string): ConvGradient {
  switch (backend) {
    case 'wasm':
      return { input: 'conv', filter: 'conv' };
    case 'cpu':
      return { input: 'transpose', filter: 'conv' };
    case 'webgl':
      return { input: 'transpose', filter: 'im2col' };
    default:
      return 'builtin';
  }
}

let forced: ConvGradient | undefined;

/** Benchmarks only: use `gradient` on every backend (undefined restores convGradientFor). */
export function forceConvGradient(gradient: ConvGradient | undefined): void {
  forced = gradient;
}

/** Output size of one spatial axis: floor((in + 2p - k) / s) + 1. */
export function convOutSize(inSize: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((inSize + 2 * pad - kernel) / stride) + 1;
}

/**
 * y = conv2d(x, filter): x [N, H, W, Cin], filter [KH, KW, Cin, Cout] -> [N, Ho, Wo, Cout].
 * `gradient` defaults to forceConvGradient's choice, else convGradientFor(tf.getBackend()).
 * `inputGradient` false treats x as data (the images of a stem conv): no dL/dx is computed
 * (the built-in gradient skips it by itself, a custom one would compute it and throw it away).
 */
export function conv2dTrainable(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  stride: number,
  pad: number,
  gradient: ConvGradient = forced ?? convGradientFor(tf.getBackend()),
  inputGradient = true,
): tf.Tensor4D {
  if (gradient === 'builtin') return tf.conv2d(x, filter, stride, pad);
  if (!inputGradient) {
    const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [kernel, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
      save([x]);
      return {
        value: tf.conv2d(x, kernel, stride, pad),
        gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => conv2dFilterGrad(saved[0] as tf.Tensor4D, dy, kernel.shape, stride, pad, gradient.filter),
      };
    });
    return op(filter) as tf.Tensor4D;
  }
  // customGrad hands the inputs followed by a save function; saved tensors reach gradFunc.
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, kernel, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([input, kernel]);
    return {
      value: tf.conv2d(input, kernel, stride, pad),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [xs, ks] = saved as [tf.Tensor4D, tf.Tensor4D];
          return [conv2dInputGrad(dy, ks, xs.shape, stride, pad, gradient.input), conv2dFilterGrad(xs, dy, ks.shape, stride, pad, gradient.filter)];
        }),
    };
  });
  return op(x, filter) as tf.Tensor4D;
}

/**
 * dL/dx of conv2d from dy [N, Ho, Wo, Cout] and the filter: [N, H, W, Cin] = inputShape.
 * 'conv': dilate dy by the stride (zeros between rows and columns), pad k-1-p before (input
 * rows the stride skipped at the end get zero gradient), correlate with the rotated kernel.
 */
export function conv2dInputGrad(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: [number, number, number, number],
  stride: number,
  pad: number,
  method: InputGradMethod = 'conv',
): tf.Tensor4D {
  if (method === 'transpose') return tf.conv2dTranspose(dy, filter, inputShape, stride, pad);
  const [kh, kw] = filter.shape;
  const [, h, w] = inputShape;
  return tf.tidy(() => {
    const d = stride === 1 ? dy : dilate(dy, stride); // [N, Ho·s, Wo·s, Cout]
    const rotated = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]); // [KH, KW, Cout, Cin]
    // Output size L + before + after - k + 1 must be the input's: solve for `after`.
    const [top, left] = [kh - 1 - pad, kw - 1 - pad];
    const [bottom, right] = [h - d.shape[1] - top + kh - 1, w - d.shape[2] - left + kw - 1];
    const cropped = cropNegative(d, top, bottom, left, right); // p > k-1 or trailing zeros
    const [t, b, l, r] = [top, bottom, left, right].map((v) => Math.max(v, 0));
    // A number when symmetric: explicit padding was slower on wasm for some shapes.
    const padding =
      t === b && l === r && t === l
        ? t
        : ([
            [0, 0],
            [t, b],
            [l, r],
            [0, 0],
          ] as ExplicitPadding);
    return tf.conv2d(cropped, rotated, 1, padding); // [N, H, W, Cin]
  });
}

/** Largest im2col matrix built at once (floats); bigger batches are done in chunks. 64 MB. */
export const IM2COL_MAX_FLOATS = 1 << 24;

/**
 * dL/dfilter of conv2d from x [N, H, W, Cin] and dy [N, Ho, Wo, Cout]: [KH, KW, Cin, Cout].
 * `maxFloats` bounds the im2col matrix (tests use it to exercise the chunking).
 */
export function conv2dFilterGrad(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  stride: number,
  pad: number,
  method: FilterGradMethod = 'conv',
  maxFloats = IM2COL_MAX_FLOATS,
): tf.Tensor4D {
  const [kh, kw, cin, cout] = filterShape;
  const [n, ho, wo, dyC] = dy.shape;
  if (x.shape[3] !== cin || dyC !== cout) throw new Error(`conv2dFilterGrad: x ${x.shape} / dy ${dy.shape} do not fit filter ${filterShape}`);
  return tf.tidy(() => {
    const xp =
      pad > 0
        ? tf.pad(x, [
            [0, 0],
            [pad, pad],
            [pad, pad],
            [0, 0],
          ])
        : x; // [N, Hp, Wp, Cin]
    if (method === 'conv') return filterGradByConv(xp, dy, kh, kw, stride);
    const chunk = Math.max(1, Math.min(n, Math.floor(maxFloats / (ho * wo * kh * kw * cin))));
    let sum: tf.Tensor2D | undefined;
    for (let start = 0; start < n; start += chunk) {
      const size = Math.min(chunk, n - start);
      const xs = size === n ? xp : tf.slice(xp, [start, 0, 0, 0], [size, -1, -1, -1]);
      const gs = size === n ? dy : tf.slice(dy, [start, 0, 0, 0], [size, -1, -1, -1]);
      const part = filterGradIm2col(xs, gs, kh, kw, stride); // [KH·KW·Cin, Cout]
      sum = sum ? tf.add(sum, part) : part;
    }
    return tf.reshape(sum as tf.Tensor2D, filterShape);
  });
}

/** dw[i, j, c, o] = Σ_{n,y,x} xp[n, i + y·s, j + x·s, c] · dy[n, y, x, o], as one conv. */
function filterGradByConv(xp: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number, stride: number): tf.Tensor4D {
  const xT = tf.transpose(xp, [3, 1, 2, 0]); // [Cin, Hp, Wp, N]: the batch is the channel axis
  const dyT = tf.transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, N, Cout]: a filter, dilated by s
  const out = tf.conv2d(xT, dyT, 1, 'valid', 'NHWC', stride); // [Cin, KH + r, KW + r, Cout]
  // r > 0 when the stride left input rows unused at the end: those taps are not kernel taps.
  const taps = out.shape[1] === kh && out.shape[2] === kw ? out : tf.slice(out, [0, 0, 0, 0], [-1, kh, kw, -1]);
  return tf.transpose(taps, [1, 2, 0, 3]); // [KH, KW, Cin, Cout]
}

/** im2col column order is (i, j, c), so the [KH·KW·Cin, Cout] product reshapes to HWIO. */
function filterGradIm2col(xp: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number, stride: number): tf.Tensor2D {
  const [n, hp, wp, cin] = xp.shape;
  const [, ho, wo, cout] = dy.shape;
  // At stride 1 a window is contiguous along W·C: slicing [N, Hp, Wp·Cin] copies runs of
  // Wo·Cin floats (a 4-D slice copies runs of Cin; wasm's Slice does that per run, in JS).
  const rows = tf.reshape(xp, [n, hp, wp * cin]);
  const windows: tf.Tensor4D[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      // Rows i, i+s, ..., i+(Ho-1)s of the padded input: what tap (i, j) saw.
      windows.push(
        stride === 1
          ? tf.reshape(tf.slice(rows, [0, i, j * cin], [n, ho, wo * cin]), [n, ho, wo, cin])
          : (tf.stridedSlice(xp, [0, i, j, 0], [n, i + (ho - 1) * stride + 1, j + (wo - 1) * stride + 1, cin], [1, stride, stride, 1]) as tf.Tensor4D),
      );
    }
  }
  const cols = windows.length === 1 ? windows[0] : tf.concat(windows, 3); // [N, Ho, Wo, KH·KW·Cin]
  const m = n * ho * wo;
  // dy^T · cols is [Cout, KH·KW·Cin]; transposing dy (Cout wide) and the small product is
  // cheaper than transposing cols. matMul(transposeA) was ~10x slower on wasm (testing.md).
  const dyT = tf.transpose(tf.reshape(dy, [m, cout])); // [Cout, M]
  return tf.transpose(tf.matMul(dyT, tf.reshape(cols, [m, kh * kw * cin]))); // [KH·KW·Cin, Cout]
}

/** Inserts stride-1 zeros after every row and column: [N, Ho, Wo, C] -> [N, Ho·s, Wo·s, C]. */
function dilate(x: tf.Tensor4D, stride: number): tf.Tensor4D {
  const [n, ho, wo, c] = x.shape;
  // Two rank-4 pads (one rank-6 pad would do, but fewer backends take rank 6).
  const cols = tf.pad(tf.reshape(x, [n * ho, wo, 1, c]), [
    [0, 0],
    [0, 0],
    [0, stride - 1],
    [0, 0],
  ]); // [N·Ho, Wo, s, C]
  const rows = tf.pad(tf.reshape(cols, [n, ho, 1, wo * stride * c]), [
    [0, 0],
    [0, 0],
    [0, stride - 1],
    [0, 0],
  ]); // [N, Ho, s, Wo·s·C]
  return tf.reshape(rows, [n, ho * stride, wo * stride, c]);
}

function cropNegative(x: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  if (top >= 0 && bottom >= 0 && left >= 0 && right >= 0) return x;
  const [n, h, w, c] = x.shape;
  const t = Math.max(-top, 0);
  const l = Math.max(-left, 0);
  return tf.slice(x, [0, t, l, 0], [n, h - t - Math.max(-bottom, 0), w - l - Math.max(-right, 0), c]);
}
