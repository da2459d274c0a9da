// The one run configuration: everything a run needs to be reproduced, and nothing else.
// It travels in checkpoints, in shareable URLs and on the headless trainer's command line,
// so every field is plain JSON. Defaults follow method.md (the paper's CIFAR settings)
// except where a browser needs a smaller budget; each such place says so.

import type { DatasetId } from './config-datasets';
import { augmentationFor, lossParamDefaults, type Method, type MethodLossParam } from './config-methods';
import { encoderSpec, type EncoderKind } from './config-encoders';

export type OptimizerKind = 'lars' | 'sgd';
export type { DatasetId } from './config-datasets';
export type { Method } from './config-methods';
export type { EncoderKind } from './config-encoders';
// The method table's recipes and defaults, where the config's users have always found them.
export { augmentationFor, barlowAugmentation, chooseMethod, methodDefaults, simclrAugmentation, syntheticAugmentation } from './config-methods';

/** One view's augmentation recipe (torchvision semantics; probabilities per image). */
export interface ViewAugmentation {
  cropScale: [number, number]; // random resized crop area fraction, [0.08, 1] in the paper
  flipProb: number; // horizontal flip
  jitterProb: number; // colour jitter applied with this probability
  brightness: number; // factor drawn from [1 - b, 1 + b]
  contrast: number; // factor drawn from [1 - c, 1 + c]
  saturation: number; // factor drawn from [1 - s, 1 + s]
  hue: number; // hue shift drawn from [-h, h] (fraction of a turn, h <= 0.5)
  grayscaleProb: number;
  blurProb: number; // Gaussian blur, sigma in [0.1, 2] px
  solarizeProb: number; // invert pixels >= 0.5
}

export interface RunConfig {
  seed: number; // initialisation, augmentation and shuffling all derive from it
  method: Method;
  data: {
    dataset: DatasetId;
    trainSubset: number; // use the first N training images (0 = all): small budgets, tests
    syntheticTrainSize: number; // synthetic set only: images generated for training
    syntheticTestSize: number; // synthetic set only: images generated for evaluation
  };
  encoder: {
    kind: EncoderKind;
    // ResNet-18: channels of the first stage (64 in the paper; 4-8 make a test-sized net).
    // ConvNet: channels of each conv block; the feature dim is the last entry.
    width: number;
    convChannels: number[];
  };
  projector: {
    hiddenDim: number; // 2048 in the paper
    outputDim: number; // SimCLR 256, Barlow 2048 in the paper
    pointNum: number; // discrete projector levels L (0 = off, else >= 2)
    sae: {
      enabled: boolean; // sparse-autoencoder projector
      latentDim: number; // m; the official 100000 does not fit a browser
      topK: number; // k kept latents per row
    };
  };
  // Every method's own numbers (core/config-methods.ts: SimCLR's temperature, Barlow Twins'
  // off-diagonal weight and scale), then the two every method shares.
  loss: Record<MethodLossParam, number> & {
    lmbd: number; // strength of the I(Z1;Z2) training regulariser (0 = off)
    alpha: number; // Renyi order of the matrix entropies (2 everywhere in the paper)
  };
  optim: {
    kind: OptimizerKind;
    lr: number; // per 256 images: the effective lr is lr * batchSize / 256 (solo-learn)
    classifierLr: number; // online linear classifier, also per 256 images
    momentum: number;
    weightDecay: number; // not applied to biases and norm parameters
    larsEta: number; // LARS trust coefficient
    larsClip: boolean; // LARS clipping: min(trust / lr, 1)
    warmupEpochs: number; // linear warm-up, then cosine to minLr
    warmupStartLr: number; // fraction of the peak lr the warm-up starts from
    minLr: number; // fraction of the peak lr the cosine ends at
  };
  aug: {
    views: [ViewAugmentation, ViewAugmentation];
  };
  train: {
    epochs: number;
    batchSize: number; // images per step; each step sees 2 * batchSize views
    logEvery: number; // steps between metric reads (each read is a GPU sync point)
    checkpointEvery: number; // steps between automatic checkpoints (0 = only at the end)
    evalEveryEpochs: number; // linear probe / kNN every E epochs (0 = only at the end)
  };
  eval: {
    trainSubset: number; // training images the probe and the kNN bank use (0 = all)
    testSubset: number; // test images scored (0 = all)
    probeEpochs: number; // the linear probe's own budget (Adam, cosine; see src/eval)
    probeLr: number;
    knnK: number; // neighbours of the weighted kNN (200 in the usual SSL protocol)
    knnTemperature: number; // weights exp(similarity / T)
    embeddingSample: number; // test points in the 2-D PCA view (0 = none)
  };
}

/**
 * The interactive default: the paper's SimCLR recipe on the synthetic set with the small
 * ConvNet and a narrower projector, so a first run shows curves within minutes on a laptop GPU.
 */
export function defaultConfig(): RunConfig {
  return {
    seed: 0,
    method: 'simclr',
    data: { dataset: 'synthetic', trainSubset: 0, syntheticTrainSize: 4096, syntheticTestSize: 1024 },
    encoder: { kind: 'convnet', width: 64, convChannels: [32, 64, 128] },
    projector: {
      hiddenDim: 512, // browser budget; the paper uses 2048
      outputDim: 128, // browser budget; the paper uses 256 for SimCLR
      pointNum: 0,
      sae: { enabled: false, latentDim: 1024, topK: 64 },
    },
    loss: { ...lossParamDefaults(), lmbd: 0, alpha: 2 },
    optim: {
      kind: 'lars',
      lr: 0.4,
      classifierLr: 0.1,
      momentum: 0.9,
      weightDecay: 1e-4,
      larsEta: 0.02,
      larsClip: true,
      warmupEpochs: 1, // the paper warms up for 10 of 200 epochs; short runs need less
      warmupStartLr: 0,
      minLr: 0,
    },
    aug: { views: augmentationFor('simclr', 'synthetic') },
    train: { epochs: 10, batchSize: 128, logEvery: 10, checkpointEvery: 200, evalEveryEpochs: 5 },
    eval: { trainSubset: 10_000, testSubset: 0, probeEpochs: 30, probeLr: 0.1, knnK: 200, knnTemperature: 0.1, embeddingSample: 500 },
  };
}

/** Features the encoder produces (Z1's width). */
export function encoderOutputDim(config: RunConfig): number {
  return encoderSpec(config.encoder.kind).outputDim(config.encoder);
}

/** Learning rates after solo-learn's linear scaling by batch size. */
export function scaledLearningRates(config: RunConfig): { lr: number; classifierLr: number } {
  const scale = config.train.batchSize / 256;
  return { lr: config.optim.lr * scale, classifierLr: config.optim.classifierLr * scale };
}
