// The layout of a multi-tensor update (PyTorch's foreach/fused optimisers): every parameter
// that has a gradient this step, flattened and concatenated into one [T] vector, so the whole
// update is a few kernels over T values instead of ~20 small kernels per parameter. Numbers
// that are fixed per tensor (its group, its weight decay) reach the elements as constant [T]
// vectors uploaded once per layout (no gather: wasm's checks every index in JS, ~9 ms per
// 123k elements on the 2-core machine).
import * as tf from '@tensorflow/tfjs-core';
import type { Param } from '../nn/params';

export interface Segment {
  param: Param;
  offset: number; // first element in the flat vector
  size: number;
}

export class FlatLayout {
  readonly key: string;
  readonly segments: Segment[];
  readonly total: number;
  /** Positions in `segments` of the role-'weight' params (LARS adapts those only). */
  readonly weights: number[];
  private readonly constants = new Map<string, tf.Tensor1D>();

  constructor(params: Param[]) {
    this.key = FlatLayout.keyOf(params);
    let offset = 0;
    this.segments = params.map((param) => {
      const segment = { param, offset, size: param.variable.size };
      offset += segment.size;
      return segment;
    });
    this.total = offset;
    this.weights = this.segments.flatMap((s, i) => (s.param.role === 'weight' ? [i] : []));
  }

  static keyOf(params: Param[]): string {
    return params.map((p) => p.name).join('\n');
  }

  /** [T] float32: every element of segment i holds `valueOf(i)`. Built once per layout and name, kept until dispose. */
  constant(name: string, valueOf: (segment: number) => number): tf.Tensor1D {
    let values = this.constants.get(name);
    if (!values) {
      const data = new Float32Array(this.total);
      this.segments.forEach((s, i) => data.fill(valueOf(i), s.offset, s.offset + s.size));
      values = tf.keep(tf.tensor1d(data));
      this.constants.set(name, values);
    }
    return values;
  }

  /** One [T] vector of `tensors` (one per segment, in order). */
  flatten(tensors: tf.Tensor[]): tf.Tensor1D {
    const flat = tensors.map((t) => (t.rank === 1 ? t : tf.reshape(t, [-1]))) as tf.Tensor1D[];
    return flat.length === 1 ? flat[0] : tf.concat(flat);
  }

  /** The inverse of flatten: one tensor per segment, in the parameter's shape. */
  unflatten(flat: tf.Tensor1D): tf.Tensor[] {
    const parts =
      this.segments.length === 1
        ? [flat]
        : tf.split(
            flat,
            this.segments.map((s) => s.size),
          );
    return parts.map((part, i) => {
      const shape = this.segments[i].param.variable.shape;
      return shape.length === 1 ? part : tf.reshape(part, shape);
    });
  }

  dispose(): void {
    for (const t of this.constants.values()) t.dispose();
    this.constants.clear();
  }
}
