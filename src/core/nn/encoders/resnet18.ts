// ResNet-18, CIFAR variant exactly as solo-learn builds it for the paper: torchvision's
// resnet18 with conv1 replaced by a 3x3 / stride 1 / PADDING 2 conv (32x32 -> 34x34, so the
// stages run at 34, 17, 9, 5), no max-pool, no fc. Width 64 gives the paper's 512-d Z1 and
// 11,168,832 trainable parameters; widths 4-8 give a net small enough for tests.
// Names mirror torchvision's state dict with '/' (encoder/layer2/0/downsample/conv/kernel).
import * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext } from '../params';
import type { ParamSink } from '../state';
import { convDefault } from '../init';
import { assertPositiveInt, batchNorm, conv2d, globalAvgPool, type BatchNorm, type Conv2d } from '../layers';
import { assertImageBatch, type Encoder } from './types';

interface BasicBlock {
  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D;
}

/** conv3x3(s)-BN-ReLU-conv3x3-BN, plus the identity or a 1x1(s)-BN shortcut, then ReLU. */
function basicBlock(store: ParamSink, prefix: string, inC: number, outC: number, stride: number): BasicBlock {
  const conv1 = conv2d(store, `${prefix}/conv1`, inC, outC, { kernelSize: 3, stride, padding: 1 });
  const bn1 = batchNorm(store, `${prefix}/bn1`, outC);
  const conv2 = conv2d(store, `${prefix}/conv2`, outC, outC, { kernelSize: 3, stride: 1, padding: 1 });
  const bn2 = batchNorm(store, `${prefix}/bn2`, outC);
  let downsample: { conv: Conv2d; bn: BatchNorm } | null = null;
  if (stride !== 1 || inC !== outC) {
    downsample = {
      conv: conv2d(store, `${prefix}/downsample/conv`, inC, outC, { kernelSize: 1, stride, padding: 0 }),
      bn: batchNorm(store, `${prefix}/downsample/bn`, outC),
    };
  }
  return {
    forward(x, ctx) {
      // A tidy per block frees its conv outputs as soon as BatchNorm has consumed them (the tape
      // keeps what the backward needs): without it every intermediate of the whole network lived
      // until the forward ended, and ResNet-18 w64 at batch 64 did not fit wasm's 4 GB.
      return tf.tidy(() => {
        let y = bn1.forward(conv1.forward(x), ctx, true); // [N, H/s, W/s, outC], BN + ReLU
        y = bn2.forward(conv2.forward(y), ctx);
        const shortcut = downsample ? downsample.bn.forward(downsample.conv.forward(x), ctx) : x;
        return addRelu(y, shortcut);
      });
    },
  };
}

/**
 * relu(a + b) as one op that saves only its output (its ReLU mask, and the next block's conv
 * input, so the tape shares it): autodiff of relu(add) kept the sum as well, one more
 * activation-sized tensor per block, which pushed ResNet-18 w64 at batch 64 past wasm's 4 GB.
 */
function addRelu(a: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, shortcut, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    const y = tf.relu(tf.add(x, shortcut));
    save([y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const masked = tf.mul(dy, tf.step(saved[0]));
          return [masked, masked];
        }),
    };
  });
  return op(a, b) as tf.Tensor4D;
}

export interface ResNet18 extends Encoder {
  /** Maps after the stem and each stage: [N,34,34,w], [N,34,34,w], [N,17,17,2w], [N,9,9,4w], [N,5,5,8w]. */
  featureMaps(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D[];
}

export function createResNet18(store: ParamSink, width: number, prefix = 'encoder'): ResNet18 {
  assertPositiveInt('resnet18: width', width);
  // solo-learn swaps conv1 in after torchvision's init loop, so the stem keeps nn.Conv2d's
  // default init (U(+-1/sqrt(27))) rather than kaiming_normal like every other conv.
  const stem = conv2d(store, `${prefix}/conv1`, 3, width, { kernelSize: 3, stride: 1, padding: 2, init: convDefault, inputGradient: false });
  const stemBn = batchNorm(store, `${prefix}/bn1`, width);
  const blocks: BasicBlock[] = [];
  let inC = width;
  for (let stage = 0; stage < 4; stage++) {
    const outC = width * 2 ** stage;
    for (let i = 0; i < 2; i++) {
      const stride = stage > 0 && i === 0 ? 2 : 1;
      blocks.push(basicBlock(store, `${prefix}/layer${stage + 1}/${i}`, inC, outC, stride));
      inC = outC;
    }
  }
  const featureMaps = (x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D[] => {
    assertImageBatch(x, 'resnet18');
    let y = tf.tidy(() => stemBn.forward(stem.forward(x), ctx, true)); // [N, 34, 34, w]
    const maps = [y];
    blocks.forEach((block, i) => {
      y = block.forward(y, ctx);
      if (i % 2 === 1) maps.push(y); // end of a stage
    });
    return maps;
  };
  return {
    outputDim: 8 * width,
    featureMaps,
    forward(x, ctx) {
      const maps = featureMaps(x, ctx);
      return globalAvgPool(maps[maps.length - 1]); // [N, 5, 5, 8w] -> [N, 8w]
    },
  };
}
