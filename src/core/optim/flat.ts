// The layout of a multi-tensor update (PyTorch's foreach/fused optimisers): every parameter
// that has a gradient this step, flattened and concatenated into one vector, so the whole
// update is a few kernels over all values instead of ~20 small kernels per parameter.
// The vector is viewed as a matrix [R, L] in which every tensor starts a new row (its last row
// zero-padded), so per-tensor numbers are row sums and row scales: the sums of squares of every
// tensor are one row-sum and one [.., R] x [R, S] matMul with a constant 0/1 indicator, and a
// per-tensor coefficient (a LARS trust ratio, a group's lr) reaches its elements through the
// transposed product, without a gather (wasm's checks every index in JS, ~9 ms per 123k).
import * as tf from '@tensorflow/tfjs-core';
import type { Param } from '../nn/params';

export interface Segment {
  param: Param;
  row: number; // first row in the [R, L] view
  rows: number; // rows it occupies: ceil(size / L)
  size: number;
}

/** At most about this many rows: the indicator is [R, S], the padding at most L − 1 per tensor. */
const TARGET_ROWS = 4096;
const MIN_ROW_LENGTH = 64;

export class FlatLayout {
  readonly key: string;
  readonly segments: Segment[];
  /** L: values per row. */
  readonly rowLength: number;
  /** R: rows of the matrix view. */
  readonly rowCount: number;
  /** Positions in `segments` of the role-'weight' params (LARS adapts those only). */
  readonly weights: number[];
  private readonly constants = new Map<string, tf.Tensor>();

  constructor(params: Param[]) {
    this.key = FlatLayout.keyOf(params);
    const total = params.reduce((n, p) => n + p.variable.size, 0);
    this.rowLength = Math.max(MIN_ROW_LENGTH, Math.ceil(total / TARGET_ROWS));
    let row = 0;
    this.segments = params.map((param) => {
      const size = param.variable.size;
      const segment = { param, row, rows: Math.ceil(size / this.rowLength), size };
      row += segment.rows;
      return segment;
    });
    this.rowCount = row;
    this.weights = this.segments.flatMap((s, i) => (s.param.role === 'weight' ? [i] : []));
  }

  static keyOf(params: Param[]): string {
    return params.map((p) => p.name).join('\n');
  }

  /** A constant built once per layout and name (kept until dispose). */
  private constant(name: string, make: () => tf.Tensor): tf.Tensor {
    let value = this.constants.get(name);
    if (!value) {
      value = tf.keep(make());
      this.constants.set(name, value);
    }
    return value;
  }

  private padding(segment: Segment): number {
    return segment.rows * this.rowLength - segment.size;
  }

  /** [R, S] 0/1: row r belongs to segment s. */
  private indicator(): tf.Tensor2D {
    return this.constant('indicator', () => {
      const s = this.segments.length;
      const values = new Float32Array(this.rowCount * s);
      this.segments.forEach((seg, i) => {
        for (let r = seg.row; r < seg.row + seg.rows; r++) values[r * s + i] = 1;
      });
      return tf.tensor2d(values, [this.rowCount, s]);
    }) as tf.Tensor2D;
  }

  /** `tensors` (one per segment, in order) as the [R, L] matrix, zero-padded. */
  rows(tensors: tf.Tensor[]): tf.Tensor2D {
    const parts: tf.Tensor1D[] = [];
    tensors.forEach((t, i) => {
      parts.push((t.rank === 1 ? t : tf.reshape(t, [-1])) as tf.Tensor1D);
      const pad = this.padding(this.segments[i]);
      if (pad > 0) parts.push(this.constant(`zeros ${pad}`, () => tf.zeros([pad])) as tf.Tensor1D);
    });
    return tf.reshape(parts.length === 1 ? parts[0] : tf.concat(parts), [this.rowCount, this.rowLength]);
  }

  /** The inverse of rows: one tensor per segment, in the parameter's shape. */
  unrows(matrix: tf.Tensor2D): tf.Tensor[] {
    const sizes: number[] = [];
    for (const s of this.segments) {
      sizes.push(s.size);
      if (this.padding(s) > 0) sizes.push(this.padding(s));
    }
    const flat = tf.reshape(matrix, [-1]) as tf.Tensor1D;
    const parts = sizes.length === 1 ? [flat] : tf.split(flat, sizes);
    let k = 0;
    return this.segments.map((s) => {
      const part = parts[k];
      k += this.padding(s) > 0 ? 2 : 1;
      const shape = s.param.variable.shape;
      return shape.length === 1 ? part : tf.reshape(part, shape);
    });
  }

  /** Sum over each segment's elements of each row of `rowValues` [k, R]: [k, S]. */
  segmentSums(rowValues: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(rowValues, this.indicator());
  }

  /** Per-segment columns [S, k] spread to the rows: [R, k] (row r gets its segment's values). */
  perRow(segmentValues: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(this.indicator(), segmentValues);
  }

  /** [R, 1] constant: every row of segment i holds `valueOf(i)`. Built once per layout and name. */
  rowConstant(name: string, valueOf: (segment: number) => number): tf.Tensor2D {
    return this.constant(`row ${name}`, () => {
      const values = new Float32Array(this.rowCount);
      this.segments.forEach((s, i) => values.fill(valueOf(i), s.row, s.row + s.rows));
      return tf.tensor2d(values, [this.rowCount, 1]);
    }) as tf.Tensor2D;
  }

  dispose(): void {
    for (const t of this.constants.values()) t.dispose();
    this.constants.clear();
  }
}
