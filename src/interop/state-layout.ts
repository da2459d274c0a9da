// The lab's model under PyTorch's names: one entry per tensor of solo-learn's / Projector_Theory's
// state_dict, with the lab tensor it corresponds to and the layout change between them.
//   backbone.*    torchvision ResNet-18 names (conv1, bn1, layerS.B.{conv1,bn1,conv2,bn2,
//                 downsample.0, downsample.1}); the ConvNet as nn.Sequential (block i: conv 4i,
//                 BatchNorm 4i+1; ReLU 4i+2; max-pool 4i+3 before block i+1)
//   projector.*   nn.Sequential by position: SimCLR 0 Linear, 1 ReLU, 2 Linear; Barlow Twins
//                 0 Linear, 1 BN1d, 2 ReLU, 3 Linear, 4 BN1d, 5 ReLU, 6 Linear; with the SAE,
//                 SimCLR keeps none and Barlow keeps 0-2
//   pre_bias, auto_encoder.*, auto_decoder.*   the SAE, at the top level as the official code has it
//   classifier.*  the online linear classifier
// Layouts: PyTorch conv [out, in, kh, kw] and linear [out, in]; the lab (TF.js) [kh, kw, in, out]
// and [in, out]. BatchNorm's num_batches_tracked (int64, shape []) has no lab counterpart.
// src/interop/state-layout.test.ts checks this list against the model the lab builds.
import { encoderOutputDim, type RunConfig } from '../core/config';
import { methodSpec } from '../core/config-methods';

export type LayoutKind = 'conv' | 'linear' | 'vector' | 'count';
export type ModelPart = 'encoder' | 'projector' | 'classifier';

export interface LayoutEntry {
  torch: string;
  /** The lab's tensor name; undefined for num_batches_tracked. */
  lab?: string;
  torchShape: number[];
  labShape: number[];
  kind: LayoutKind;
  part: ModelPart;
}

class Builder {
  readonly entries: LayoutEntry[] = [];
  constructor(private readonly part: ModelPart) {}

  conv(lab: string, torch: string, inC: number, outC: number, k: number): void {
    this.entries.push({
      torch: `${torch}.weight`,
      lab: `${lab}/kernel`,
      torchShape: [outC, inC, k, k],
      labShape: [k, k, inC, outC],
      kind: 'conv',
      part: this.part,
    });
  }

  linear(lab: string, torch: string, inDim: number, outDim: number): void {
    this.entries.push({
      torch: `${torch}.weight`,
      lab: `${lab}/kernel`,
      torchShape: [outDim, inDim],
      labShape: [inDim, outDim],
      kind: 'linear',
      part: this.part,
    });
    this.vector(`${lab}/bias`, `${torch}.bias`, outDim);
  }

  vector(lab: string, torch: string, n: number): void {
    this.entries.push({ torch, lab, torchShape: [n], labShape: [n], kind: 'vector', part: this.part });
  }

  batchNorm(lab: string, torch: string, c: number): void {
    this.vector(`${lab}/gamma`, `${torch}.weight`, c);
    this.vector(`${lab}/beta`, `${torch}.bias`, c);
    this.vector(`${lab}/runningMean`, `${torch}.running_mean`, c);
    this.vector(`${lab}/runningVar`, `${torch}.running_var`, c);
    this.entries.push({ torch: `${torch}.num_batches_tracked`, torchShape: [], labShape: [], kind: 'count', part: this.part });
  }
}

function encoderLayout(config: RunConfig): LayoutEntry[] {
  const b = new Builder('encoder');
  if (config.encoder.kind === 'resnet18') {
    const w = config.encoder.width;
    b.conv('encoder/conv1', 'backbone.conv1', 3, w, 3);
    b.batchNorm('encoder/bn1', 'backbone.bn1', w);
    let inC = w;
    for (let stage = 0; stage < 4; stage++) {
      const outC = w * 2 ** stage;
      for (let i = 0; i < 2; i++) {
        const lab = `encoder/layer${stage + 1}/${i}`;
        const torch = `backbone.layer${stage + 1}.${i}`;
        const stride = stage > 0 && i === 0 ? 2 : 1;
        b.conv(`${lab}/conv1`, `${torch}.conv1`, inC, outC, 3);
        b.batchNorm(`${lab}/bn1`, `${torch}.bn1`, outC);
        b.conv(`${lab}/conv2`, `${torch}.conv2`, outC, outC, 3);
        b.batchNorm(`${lab}/bn2`, `${torch}.bn2`, outC);
        if (stride !== 1 || inC !== outC) {
          b.conv(`${lab}/downsample/conv`, `${torch}.downsample.0`, inC, outC, 1);
          b.batchNorm(`${lab}/downsample/bn`, `${torch}.downsample.1`, outC);
        }
        inC = outC;
      }
    }
  } else {
    let inC = 3;
    config.encoder.convChannels.forEach((c, i) => {
      b.conv(`encoder/block${i + 1}/conv`, `backbone.${4 * i}`, inC, c, 3);
      b.batchNorm(`encoder/block${i + 1}/bn`, `backbone.${4 * i + 1}`, c);
      inC = c;
    });
  }
  return b.entries;
}

function saeLayout(b: Builder, config: RunConfig, dim: number): void {
  const m = config.projector.sae.latentDim;
  b.vector('projector/sae/preBias', 'pre_bias', dim);
  b.linear('projector/sae/encoder', 'auto_encoder', dim, m);
  b.linear('projector/sae/decoder', 'auto_decoder', m, dim);
}

function projectorLayout(config: RunConfig): LayoutEntry[] {
  const b = new Builder('projector');
  const d = encoderOutputDim(config);
  const { hiddenDim: h, outputDim: out, sae } = config.projector;
  if (methodSpec(config.method).projector === 'mlp2') {
    if (sae.enabled) saeLayout(b, config, d);
    else {
      b.linear('projector/linear1', 'projector.0', d, h);
      b.linear('projector/linear2', 'projector.2', h, out);
    }
  } else {
    b.linear('projector/linear1', 'projector.0', d, h);
    b.batchNorm('projector/bn1', 'projector.1', h);
    if (sae.enabled) saeLayout(b, config, h);
    else {
      b.linear('projector/linear2', 'projector.3', h, h);
      b.batchNorm('projector/bn2', 'projector.4', h);
      b.linear('projector/linear3', 'projector.6', h, out);
    }
  }
  return b.entries;
}

/** Every tensor of the lab model built from `config`, under its PyTorch name. */
export function stateLayout(config: RunConfig, numClasses: number): LayoutEntry[] {
  const classifier = new Builder('classifier');
  classifier.linear('classifier', 'classifier', encoderOutputDim(config), numClasses);
  return [...encoderLayout(config), ...projectorLayout(config), ...classifier.entries];
}

/** [a, b] row-major -> [b, a]. */
function transpose2d(values: Float32Array, a: number, b: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) out[j * a + i] = values[i * b + j];
  return out;
}

/** Conv kernels between OIHW and HWIO: out[h, w, i, o] = in[o, i, h, w] (toHwio) or back. */
function convLayout(values: Float32Array, [o, i, h, w]: readonly number[], toHwio: boolean): Float32Array {
  const out = new Float32Array(values.length);
  for (let oo = 0; oo < o; oo++)
    for (let ii = 0; ii < i; ii++)
      for (let hh = 0; hh < h; hh++)
        for (let ww = 0; ww < w; ww++) {
          const oihw = ((oo * i + ii) * h + hh) * w + ww;
          const hwio = ((hh * w + ww) * i + ii) * o + oo;
          if (toHwio) out[hwio] = values[oihw];
          else out[oihw] = values[hwio];
        }
  return out;
}

/** PyTorch layout -> the lab's (row-major values). */
export function torchToLab(entry: LayoutEntry, values: Float32Array): Float32Array {
  if (entry.kind === 'conv') return convLayout(values, entry.torchShape, true);
  if (entry.kind === 'linear') return transpose2d(values, entry.torchShape[0], entry.torchShape[1]); // [out, in] -> [in, out]
  return values;
}

/** The lab's layout -> PyTorch's (row-major values). */
export function labToTorch(entry: LayoutEntry, values: Float32Array): Float32Array {
  if (entry.kind === 'conv') return convLayout(values, entry.torchShape, false);
  if (entry.kind === 'linear') return transpose2d(values, entry.labShape[0], entry.labShape[1]); // [in, out] -> [out, in]
  return values;
}
