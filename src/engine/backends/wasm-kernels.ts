// Faster versions of four tfjs-backend-wasm 4.22 kernels, registered over TF.js's own (the
// kernel registry is per backend, so nothing else changes). Each returns the same values:
// - Identity copies its input; the tape runs one per tensor it saves for the backward pass
//   (hundreds per step). Tensors are immutable, so it shares the data instead, as TF.js's CPU
//   and WebGL backends do (a reference count, no copy).
// - Slice reads its whole input through readSync, which copies the entire tensor out of the
//   wasm heap before copying the slice: a contiguous slice now copies only itself.
// - SplitV is a loop of those slices (the optimiser splits its flat update once per step).
// - BatchMatMul with transposeA or transposeB runs 4-7x slower than transposing first and
//   multiplying plainly (XNNPACK's path), and autodiff of every matMul asks for exactly that.
// Measured on the 2-core machine: a 15-way split of 123k floats 11 ms -> well under 1 ms;
// [64, 512]ᵀ x [64, 128] 4.2 ms -> 0.6 ms of CPU.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type TensorInfo = tf.TensorInfo;
type KernelArgs = { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown };

let installed = false;

/** Registers the kernels below for 'wasm' (once per page; harmless to call again). */
export function installWasmKernels(): void {
  if (installed) return;
  const builtinSlice = tf.getKernel('Slice', 'wasm');
  if (!builtinSlice) throw new Error('installWasmKernels: import @tensorflow/tfjs-backend-wasm first');
  installed = true;
  const fallback = builtinSlice.kernelFunc as (args: KernelArgs) => TensorInfo;
  const builtinMatMul = (tf.getKernel('BatchMatMul', 'wasm') as tf.KernelConfig).kernelFunc as (args: KernelArgs) => TensorInfo;
  const transpose = (tf.getKernel('Transpose', 'wasm') as tf.KernelConfig).kernelFunc as (args: KernelArgs) => TensorInfo;

  const slice = (x: TensorInfo, begin: number[], size: number[], backend: BackendWasm): TensorInfo => {
    const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
    if (x.dtype === 'string' || !tf.slice_util.isSliceContinous(x.shape, b, s)) {
      return fallback({ inputs: { x }, attrs: { begin, size }, backend });
    }
    const out = backend.makeOutput(s, x.dtype);
    // Views are taken after makeOutput: growing the heap detaches earlier views.
    const offset = tf.slice_util.computeFlatOffset(b, tf.util.computeStrides(x.shape));
    const from = backend.typedArrayFromHeap(x);
    backend.typedArrayFromHeap(out).set(from.subarray(offset, offset + tf.util.sizeFromShape(s)));
    return out;
  };

  replace('BatchMatMul', ({ inputs, attrs, backend }) => {
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return builtinMatMul({ inputs, attrs, backend });
    const swapLast = (x: TensorInfo): TensorInfo => {
      const perm = x.shape.map((_, i) => i);
      [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1], perm[perm.length - 2]];
      return transpose({ inputs: { x }, attrs: { perm }, backend });
    };
    const a = transposeA ? swapLast(inputs.a as TensorInfo) : (inputs.a as TensorInfo);
    const b = transposeB ? swapLast(inputs.b as TensorInfo) : (inputs.b as TensorInfo);
    const out = builtinMatMul({ inputs: { ...inputs, a, b }, attrs: { ...attrs, transposeA: false, transposeB: false }, backend });
    if (transposeA) (backend as BackendWasm).disposeData(a.dataId);
    if (transposeB) (backend as BackendWasm).disposeData(b.dataId);
    return out;
  });
  replace('Identity', ({ inputs, backend }) => {
    const x = inputs.x as TensorInfo;
    (backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
  replace('Slice', ({ inputs, attrs, backend }) => {
    const { begin, size } = attrs as unknown as { begin: number[]; size: number[] };
    return slice(inputs.x as TensorInfo, begin, size, backend as BackendWasm);
  });
  replace('SplitV', ({ inputs, attrs, backend }) => {
    const x = inputs.x as TensorInfo;
    const { numOrSizeSplits, axis } = attrs as unknown as { numOrSizeSplits: number[] | number; axis: number };
    const at = tf.util.parseAxisParam(axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, at);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((part) => {
      const size = [...x.shape];
      size[at] = part;
      const piece = slice(x, [...begin], size, backend as BackendWasm);
      begin[at] += part;
      return piece;
    });
  });
}

/** Registers `kernelFunc` for wasm, keeping the built-in's setup (it binds the wasm functions that the built-in kernel, which ours may call, needs). */
function replace(kernelName: string, kernelFunc: (args: KernelArgs) => TensorInfo | TensorInfo[]): void {
  const builtin = tf.getKernel(kernelName, 'wasm');
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc, setupFunc: builtin?.setupFunc });
}
