// g: Z1 -> Z2, per method and structural regulariser (method.md). Params live under 'projector/'.
//   SimCLR:          Linear(d->hidden)-ReLU-Linear(hidden->out)
//   Barlow:          [Linear(->hidden)-BN1d-ReLU] x2 - Linear(hidden->out)
//   SimCLR + SAE:    SAE(d -> m -> d)                              (out = d, the encoder dim)
//   Barlow + SAE:    Linear(d->hidden)-BN1d-ReLU - SAE(hidden -> m -> hidden)  (out = hidden)
// then, if pointNum > 0, the discrete projector quantises the output to pointNum levels.
import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from '../config';
import { discretize, discretizeBounds } from '../discretize';
import type { ForwardContext } from './params';
import type { ParamSink } from './state';
import { assertPositiveInt, batchNorm, linear } from './layers';
import { sparseAutoencoder, validateSae } from './sae';
import { methodSpec } from '../config-methods';

export interface Projector {
  readonly outputDim: number;
  /** [N, inputDim] -> [N, outputDim] */
  forward(z1: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D;
}

type Stage = (x: tf.Tensor2D, ctx: ForwardContext) => tf.Tensor2D;

/** Linear-BN1d-ReLU, the Barlow hidden layer. */
function linearBnRelu(store: ParamSink, prefix: string, index: number, inDim: number, outDim: number): Stage {
  const fc = linear(store, `${prefix}/linear${index}`, inDim, outDim);
  const bn = batchNorm(store, `${prefix}/bn${index}`, outDim);
  return (x, ctx) => bn.forward(fc.forward(x), ctx, true);
}

export function createProjector(config: RunConfig, inputDim: number, store: ParamSink, prefix = 'projector'): Projector {
  const { hiddenDim, outputDim, pointNum, sae } = config.projector;
  assertPositiveInt('projector: inputDim', inputDim);
  assertPositiveInt('projector: hiddenDim', hiddenDim);
  if (!sae.enabled) assertPositiveInt('projector: outputDim', outputDim);
  if (sae.enabled) validateSae(sae.latentDim, sae.topK);
  if (pointNum !== 0) discretizeBounds(pointNum); // throws a clear error for a bad level count

  const stages: Stage[] = [];
  let dim = inputDim;
  const push = (stage: Stage, outDim: number): void => {
    stages.push(stage);
    dim = outDim;
  };
  if (methodSpec(config.method).projector === 'mlp2') {
    if (sae.enabled) {
      const ae = sparseAutoencoder(store, `${prefix}/sae`, dim, sae.latentDim, sae.topK);
      push((x) => ae.forward(x), dim);
    } else {
      const fc1 = linear(store, `${prefix}/linear1`, dim, hiddenDim);
      const fc2 = linear(store, `${prefix}/linear2`, hiddenDim, outputDim);
      push((x) => fc2.forward(tf.relu(fc1.forward(x))), outputDim);
    }
  } else {
    push(linearBnRelu(store, prefix, 1, dim, hiddenDim), hiddenDim);
    if (sae.enabled) {
      const ae = sparseAutoencoder(store, `${prefix}/sae`, dim, sae.latentDim, sae.topK);
      push((x) => ae.forward(x), dim);
    } else {
      push(linearBnRelu(store, prefix, 2, dim, hiddenDim), hiddenDim);
      const fc3 = linear(store, `${prefix}/linear3`, dim, outputDim);
      push((x) => fc3.forward(x), outputDim);
    }
  }
  return {
    outputDim: dim,
    forward(z1, ctx) {
      if (z1.shape[1] !== inputDim) throw new Error(`projector: expected [N, ${inputDim}], got [${z1.shape.join(', ')}]`);
      let z = z1;
      for (const stage of stages) z = stage(z, ctx); // [N, outputDim]
      return pointNum > 0 ? discretize(z, pointNum) : z;
    },
  };
}
