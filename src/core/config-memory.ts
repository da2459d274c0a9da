// The memory a run config needs, estimated from the config alone (no TF.js, nothing allocated):
// the peak of a training step on the compute backend (parameters, gradients and optimiser state;
// the activations of both views that the backward pass keeps; the n×n Gram and similarity
// matrices; the SAE latents), the peak of an evaluation (a chunk of images, the feature banks of
// the probe and the kNN), and the page's own memory (the dataset, the feature banks read back).
// Checked against a backend's limits in config-memory-limits.ts. Pure arithmetic: the UI shows it
// beside the config, validation and the engine refuse a config that cannot fit before a tensor
// exists. The factors are calibrated on wasm against TF.js's own count of the bytes alive at a
// step's peak (tf.profile's peakBytes; config-memory.test.ts measures them and states the band).
import { encoderOutputDim, type RunConfig } from './config';
import { datasetSizes, numClassesOf } from './config-datasets';
import { methodSpec } from './config-methods';
import { encoderSpec } from './config-encoders';

const FLOAT = 4;
const IMAGE_FLOATS = 32 * 32 * 3;
const IMAGE_BYTES = 3072; // uint8 planes, as the dataset keeps them

/** 1234567 → "1,234,567". Not toLocaleString: Intl costs microseconds a call, and the form
 * estimates the draft on every store update. */
const n0 = (x: number): string => (Number.isInteger(x) ? String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(x));

/**
 * Bytes alive at a step's peak per byte of one full-size tensor of each kind (both views). A
 * non-negative least-squares fit of tf.profile's peakBytes over 21 training steps on wasm (ConvNet
 * and ResNet-18 encoders, SimCLR and Barlow Twins, SAE, lmbd, point_num: scripts/calibrate-memory.ts,
 * `npm run calibrate:memory`), then raised (×1.38) until no config of the fit is under its
 * measurement: the fused step of issue 11 keeps other intermediates than the composed one did,
 * and a linear model of them spreads over ±28% (Barlow Twins with an SAE is the one it
 * under-counts most). So the estimate errs high, by up to about 1.5x (memory-estimate.test.ts
 * checks configs outside the fit). What they stand for: a conv block keeps its output, BatchNorm's
 * moments, the ReLU and pooling outputs for the backward pass, then gradients of the same size and
 * the conv gradient's transposed copies; a parameter has its weight, gradient, momentum and the
 * optimiser's flat copies.
 */
export const MEMORY_FACTORS = {
  image: 8.8, // per image float: the batch, its two augmented views, the augmentation's intermediates
  conv: 12.9, // per ConvNet block output float (both views; conv, fused BatchNorm+ReLU, max-pool and their gradients)
  resnetConv: 7.7, // per ResNet conv output float (both views; conv, BatchNorm, residual sums and gradients)
  dense: 5.9, // per projector / encoder-feature row float (Linear, bias, ReLU, BN and gradients)
  saeLatent: 10.9, // per SAE latent float (pre-activation, ReLU, top-k mask, gradients)
  pairwise: 47, // per n×n matrix float: NT-Xent logits and mask, the MI proxies' Gram matrices
  regulariser: 0, // extra, when lmbd > 0 puts the MI proxy on the gradient tape
  barlow: 18.4, // per D×D cross-correlation float of Barlow Twins
  state: 10.6, // per parameter: weight, gradient, momentum, the optimiser's intermediates
};

export interface MemoryPart {
  what: string; // for people: "the projector hidden layer (256 × 512)"
  bytes: number;
  setting: string; // the config path that makes it large (the one to lower)
  elementBytes?: number; // host arrays: 1 for images (uint8), else 4 (float32)
}

export interface MemoryEstimate {
  /** Tensors alive at the peak of a training step, on the compute backend. */
  train: number;
  trainParts: MemoryPart[];
  /** Tensors alive at the peak of an evaluation (feature extraction, linear probe, kNN). */
  evaluation: number;
  evaluationParts: MemoryPart[];
  /** The larger of the two: what the backend must hold. */
  device: number;
  /** The page's (worker's) own arrays: the dataset and the feature banks read back. */
  host: number;
  hostParts: MemoryPart[];
  /** The largest single tensor (a GPU buffer, a texture, a typed array). */
  largestTensor: MemoryPart;
  /** The largest single array in the page's memory. */
  largestHostArray: MemoryPart;
  parameters: number; // trainable parameters
}

interface Layer {
  what: string;
  floats: number; // per image (conv) or per row (dense)
  channels?: number; // conv layers
  setting: string;
}

/** Output of every conv layer of the encoder, per image. */
function convLayers(config: RunConfig): Layer[] {
  const out: Layer[] = [];
  if (config.encoder.kind === 'convnet') {
    let side = 32;
    config.encoder.convChannels.forEach((c, i) => {
      if (i > 0) side = Math.floor(side / 2);
      out.push({ what: `ConvNet block ${i + 1} (${side}×${side}×${c})`, floats: side * side * c, channels: c, setting: 'encoder.convChannels' });
    });
    return out;
  }
  const w = config.encoder.width;
  out.push({ what: `the ResNet stem (34×34×${w})`, floats: 34 * 34 * w, channels: w, setting: 'encoder.width' });
  let side = 34;
  for (let stage = 0; stage < 4; stage++) {
    if (stage > 0) side = Math.ceil(side / 2);
    const c = w * 2 ** stage;
    const convs = stage > 0 ? 5 : 4; // two basic blocks of two convs, plus the 1×1 downsample
    for (let k = 0; k < convs; k++)
      out.push({ what: `ResNet stage ${stage + 1} (${side}×${side}×${c})`, floats: side * side * c, channels: c, setting: 'encoder.width' });
  }
  return out;
}

/** The encoder setting that sets its size. */
export function encoderSetting(config: RunConfig): string {
  return encoderSpec(config.encoder.kind).setting;
}

/** Trainable parameters of the encoder, the projector and the online classifier. */
export function parameterCounts(config: RunConfig): { encoder: number; projector: number; classifier: number } {
  let encoder = 0;
  const bn = (c: number) => 2 * c;
  if (config.encoder.kind === 'convnet') {
    let inC = 3;
    for (const c of config.encoder.convChannels) {
      encoder += 9 * inC * c + bn(c);
      inC = c;
    }
  } else {
    const w = config.encoder.width;
    encoder += 9 * 3 * w + bn(w);
    let inC = w;
    for (let stage = 0; stage < 4; stage++) {
      const outC = w * 2 ** stage;
      for (let i = 0; i < 2; i++) {
        encoder += 9 * inC * outC + bn(outC) + 9 * outC * outC + bn(outC);
        if (inC !== outC || (stage > 0 && i === 0)) encoder += inC * outC + bn(outC); // the 1×1 downsample
        inC = outC;
      }
    }
  }
  const d = encoderOutputDim(config);
  const { hiddenDim: h, outputDim: p, sae } = config.projector;
  const linear = (i: number, o: number) => i * o + o;
  const autoencoder = (dim: number) => dim + linear(dim, sae.latentDim) + linear(sae.latentDim, dim);
  const projector =
    methodSpec(config.method).projector === 'mlp2'
      ? sae.enabled
        ? autoencoder(d)
        : linear(d, h) + linear(h, p)
      : linear(d, h) + bn(h) + (sae.enabled ? autoencoder(h) : linear(h, h) + bn(h) + linear(h, p));
  return { encoder, projector, classifier: linear(d, numClassesOf(config)) };
}

export function parameterCount(config: RunConfig): number {
  const { encoder, projector, classifier } = parameterCounts(config);
  return encoder + projector + classifier;
}

/** Widths of the projector's layers (per row), the last one being Z2. */
function projectorLayers(config: RunConfig): Layer[] {
  const d = encoderOutputDim(config);
  const { hiddenDim: h, outputDim: p, sae } = config.projector;
  const hidden = (what: string): Layer => ({ what: `the projector ${what} (width ${n0(h)})`, floats: h, setting: 'projector.hiddenDim' });
  if (methodSpec(config.method).projector === 'mlp2') {
    if (sae.enabled) return [{ what: `the SAE output (width ${d})`, floats: d, setting: encoderSetting(config) }];
    return [hidden('hidden layer'), { what: `Z2 (width ${n0(p)})`, floats: p, setting: 'projector.outputDim' }];
  }
  if (sae.enabled) return [hidden('hidden layer'), hidden('SAE output')];
  return [hidden('first hidden layer'), hidden('second hidden layer'), { what: `Z2 (width ${n0(p)})`, floats: p, setting: 'projector.outputDim' }];
}

/** Z2's width. */
export function projectorOutputDim(config: RunConfig): number {
  const layers = projectorLayers(config);
  return layers[layers.length - 1].floats;
}

const sum = (parts: MemoryPart[]) => parts.reduce((s, p) => s + p.bytes, 0);
const largest = (parts: MemoryPart[]) => parts.reduce((a, p) => (p.bytes > a.bytes ? p : a));

function trainingParts(config: RunConfig, f: typeof MEMORY_FACTORS): MemoryPart[] {
  const b = config.train.batchSize;
  const n = 2 * b; // both views
  const counts = parameterCounts(config);
  const projectorSetting = config.projector.sae.enabled ? 'projector.sae.latentDim' : 'projector.hiddenDim';
  const parts: MemoryPart[] = [
    {
      what: `parameters, gradients and momentum (${n0(parameterCount(config))} parameters)`,
      bytes: parameterCount(config) * FLOAT * f.state,
      setting: counts.projector > counts.encoder ? projectorSetting : encoderSetting(config),
    },
    { what: `the batch and its two augmented views (${b} images)`, bytes: n * IMAGE_FLOATS * FLOAT * f.image, setting: 'train.batchSize' },
  ];
  // The two encoders keep different intermediates per output float (max-pool masks against
  // residual sums and more convs per stage): one factor each fits both within the test's band.
  const convFactor = config.encoder.kind === 'convnet' ? f.conv : f.resnetConv;
  for (const layer of convLayers(config))
    parts.push({ what: `${layer.what} for ${n} views`, bytes: n * layer.floats * FLOAT * convFactor, setting: layer.setting });
  const d = encoderOutputDim(config);
  const dense: Layer[] = [{ what: `Z1 (width ${d})`, floats: d + numClassesOf(config), setting: encoderSetting(config) }, ...projectorLayers(config)];
  for (const layer of dense) parts.push({ what: `${layer.what} for ${n} rows`, bytes: n * layer.floats * FLOAT * f.dense, setting: layer.setting });
  const { sae, outputDim } = config.projector;
  if (sae.enabled) {
    parts.push({ what: `the SAE latents (${n} × ${n0(sae.latentDim)})`, bytes: n * sae.latentDim * FLOAT * f.saeLatent, setting: 'projector.sae.latentDim' });
  }
  const pairwise = f.pairwise + (config.loss.lmbd !== 0 ? f.regulariser : 0);
  parts.push({ what: `the ${n}×${n} similarity and Gram matrices`, bytes: n * n * FLOAT * pairwise, setting: 'train.batchSize' });
  if (methodSpec(config.method).featureMatrix) {
    const p = config.projector.sae.enabled ? config.projector.hiddenDim : outputDim;
    parts.push({
      what: `the Barlow cross-correlation of Z2 (${n0(p)}×${n0(p)})`,
      bytes: p * p * FLOAT * f.barlow,
      setting: sae.enabled ? 'projector.hiddenDim' : 'projector.outputDim',
    });
    parts.push({ what: `the Barlow cross-correlation of Z1 (${d}×${d}, the I(Z1;R) proxy)`, bytes: d * d * FLOAT * f.barlow, setting: encoderSetting(config) });
  }
  return parts;
}

/** The evaluation's chunk of images (256, eval mode: no tape) and its feature banks on the device. */
const EVAL_CHUNK = 256;
const KNN_CHUNK_BYTES = 16 * 2 ** 20; // knn's maxSimilarityElements (4M floats)

function evaluationParts(config: RunConfig): MemoryPart[] {
  const sizes = datasetSizes(config);
  const trainN = config.eval.trainSubset > 0 ? Math.min(config.eval.trainSubset, sizes.train) : sizes.train;
  const testN = config.eval.testSubset > 0 ? Math.min(config.eval.testSubset, sizes.test) : sizes.test;
  const width = Math.max(encoderOutputDim(config), projectorOutputDim(config)) + 1;
  const layers = convLayers(config);
  const biggestLayer = layers.reduce((a, l) => (l.floats > a.floats ? l : a), layers[0]);
  return [
    {
      what: `a chunk of ${EVAL_CHUNK} test images through the encoder (${biggestLayer.what})`,
      bytes: EVAL_CHUNK * biggestLayer.floats * FLOAT * 4,
      setting: biggestLayer.setting,
    },
    // The probe's final scoring and the kNN bank hold the training features (and a normalised copy).
    {
      what: `the probe and kNN feature banks (${n0(trainN)} + ${n0(testN)} rows × ${n0(width)})`,
      bytes: (2 * trainN + testN) * width * FLOAT,
      setting: 'eval.trainSubset',
    },
    { what: 'a kNN similarity chunk', bytes: KNN_CHUNK_BYTES, setting: 'eval.knnK' },
  ];
}

function hostParts(config: RunConfig): MemoryPart[] {
  const sizes = datasetSizes(config);
  const synthetic = config.data.dataset === 'synthetic';
  const setting = synthetic ? 'data.syntheticTrainSize' : 'data.dataset';
  const testSetting = synthetic ? 'data.syntheticTestSize' : 'data.dataset';
  const trainN = config.eval.trainSubset > 0 ? Math.min(config.eval.trainSubset, sizes.train) : sizes.train;
  const testN = config.eval.testSubset > 0 ? Math.min(config.eval.testSubset, sizes.test) : sizes.test;
  const dims = encoderOutputDim(config) + projectorOutputDim(config);
  return [
    { what: `the training images (${n0(sizes.train)})`, bytes: sizes.train * IMAGE_BYTES, setting, elementBytes: 1 },
    { what: `the test images (${n0(sizes.test)})`, bytes: sizes.test * IMAGE_BYTES, setting: testSetting, elementBytes: 1 },
    {
      what: `the Z1 and Z2 feature banks of an evaluation (${n0(trainN + testN)} rows × ${n0(dims)})`,
      bytes: (trainN + testN) * dims * FLOAT,
      setting: 'eval.trainSubset',
    },
  ];
}

/** The largest single tensor a step or an evaluation allocates (one view at a time through the networks). */
function tensorCandidates(config: RunConfig, backend: string | undefined): MemoryPart[] {
  const b = config.train.batchSize;
  const n = 2 * b;
  const out: MemoryPart[] = [];
  let inChannels = 3;
  for (const layer of convLayers(config)) {
    out.push({ what: `${layer.what} of one view (batch ${b})`, bytes: b * layer.floats * FLOAT, setting: layer.setting });
    out.push({ what: `${layer.what} of an evaluation chunk (${EVAL_CHUNK} images)`, bytes: EVAL_CHUNK * layer.floats * FLOAT, setting: layer.setting });
    // WebGL's conv filter gradient (im2col) lays the 3×3 windows of the layer's input side by side.
    if (backend === 'webgl') {
      const channels = layer.channels ?? 1;
      const windows = (b * layer.floats * 9 * inChannels) / channels; // [B·Ho·Wo, 9·Cin]
      out.push({ what: `the im2col matrix of ${layer.what} (batch ${b})`, bytes: windows * FLOAT, setting: layer.setting });
      inChannels = channels;
    }
  }
  for (const layer of projectorLayers(config)) out.push({ what: `${layer.what} for ${n} rows`, bytes: n * layer.floats * FLOAT, setting: layer.setting });
  if (config.projector.sae.enabled)
    out.push({
      what: `the SAE latents of one view (${b} × ${n0(config.projector.sae.latentDim)})`,
      bytes: b * config.projector.sae.latentDim * FLOAT,
      setting: 'projector.sae.latentDim',
    });
  out.push({ what: `the ${n}×${n} Gram matrix`, bytes: n * n * FLOAT, setting: 'train.batchSize' });
  if (methodSpec(config.method).featureMatrix) {
    const p = projectorOutputDim(config);
    out.push({ what: `the Barlow cross-correlation (${n0(p)}×${n0(p)})`, bytes: p * p * FLOAT, setting: 'projector.outputDim' });
  }
  const evaluation = evaluationParts(config)[1];
  out.push({ ...evaluation, what: evaluation.what.replace('the probe and kNN feature banks', 'the probe’s training features'), bytes: evaluation.bytes / 2 });
  return out;
}

/** The memory `config` needs; `backend` refines the largest tensor (WebGL's im2col). */
export function estimateMemory(config: RunConfig, backend?: string, factors: typeof MEMORY_FACTORS = MEMORY_FACTORS): MemoryEstimate {
  const trainParts = trainingParts(config, factors);
  const evalParts = evaluationParts(config);
  const host = hostParts(config);
  const train = sum(trainParts);
  // Between evaluations the model, its momentum and the optimiser's state stay on the device.
  const evaluation = sum(evalParts) + trainParts[0].bytes;
  return {
    train,
    trainParts,
    evaluation,
    evaluationParts: evalParts,
    device: Math.max(train, evaluation),
    host: sum(host),
    hostParts: host,
    largestTensor: largest(tensorCandidates(config, backend)),
    largestHostArray: largest(host),
    parameters: parameterCount(config),
  };
}

/** Bytes in words: "264 MiB", "3.6 GiB", "51,200 GiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} bytes`;
  if (bytes < 1024 ** 2) return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
  if (bytes < 1024 ** 3) return `${n0(Math.round(bytes / 1024 ** 2))} MiB`;
  const gib = bytes / 1024 ** 3;
  return `${gib < 100 ? gib.toFixed(1) : n0(Math.round(gib))} GiB`;
}
