import type * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext } from '../params';

/** f: images -> Z1. Input [N, 32, 32, 3] float, already normalised; output [N, outputDim]. */
export interface Encoder {
  readonly outputDim: number;
  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor2D;
}

export function assertImageBatch(x: tf.Tensor4D, who: string): void {
  if (x.rank !== 4 || x.shape[3] !== 3) throw new Error(`${who}: expected images [N, H, W, 3], got [${x.shape.join(', ')}]`);
}
