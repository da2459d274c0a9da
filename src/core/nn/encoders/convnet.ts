// A small fast encoder for interactive runs on weak GPUs (not in the paper): per entry of
// convChannels one conv3x3(pad 1)-BN-ReLU block, a 2x2 max-pool between blocks, global
// average pool. [32, 64, 128] costs ~10 M multiply-adds per 32x32 image; ResNet-18 (width 64,
// 34x34 stem) ~700 M.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamSink } from '../state';
import { assertPositiveInt, batchNorm, conv2d, globalAvgPool } from '../layers';
import { assertImageBatch, type Encoder } from './types';

export function createConvNet(store: ParamSink, channels: number[], prefix = 'encoder'): Encoder {
  if (channels.length === 0) throw new Error('convnet: convChannels must have at least one entry');
  channels.forEach((c, i) => assertPositiveInt(`convnet: convChannels[${i}]`, c));
  const blocks = channels.map((c, i) => ({
    // The first conv sees the images: no gradient w.r.t. its input.
    conv: conv2d(store, `${prefix}/block${i + 1}/conv`, i === 0 ? 3 : channels[i - 1], c, { kernelSize: 3, stride: 1, padding: 1, inputGradient: i > 0 }),
    bn: batchNorm(store, `${prefix}/block${i + 1}/bn`, c),
  }));
  return {
    outputDim: channels[channels.length - 1],
    forward(x, ctx) {
      assertImageBatch(x, 'convnet');
      let y: tf.Tensor4D = x;
      blocks.forEach((block, i) => {
        if (i > 0) {
          if (y.shape[1] < 2 || y.shape[2] < 2) throw new Error(`convnet: ${channels.length} blocks pool a ${x.shape[1]}x${x.shape[2]} image below 1x1`);
          y = tf.maxPool(y, 2, 2, 'valid'); // [N, H/2, W/2, C]
        }
        const input = y;
        // Per block: the conv output is freed once BatchNorm has consumed it (see resnet18.ts).
        y = tf.tidy(() => block.bn.forward(block.conv.forward(input), ctx, true)); // [N, H, W, c_i], BN + ReLU in one op
      });
      return globalAvgPool(y); // [N, c_last]
    },
  };
}
