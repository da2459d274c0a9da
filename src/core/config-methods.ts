// The methods a run can train, as one table (solo-learn's METHODS idea): everything about a
// method that is a fact rather than TF.js code. The config's `method` and `loss` types, the
// validation, the CLI's --method, the form's options and loss fields, the per-method defaults
// and augmentation recipes, the projector's shape, the solo-learn YAML names, the memory
// estimate's D×D term and the dead-run test's chance loss all read it. The loss itself is
// TF.js code: core/ssl-loss.ts looks it up by the same id (its table is typed by this one, so
// a method without a loss does not compile).
// Named config-*.ts: the page may import it (.dependency-cruiser.cjs lets ui/ import core/config*).
import type { DatasetId } from './config-datasets';
import type { RunConfig, ViewAugmentation } from './config';

/** A number of the method's loss, stored under `loss.<name>` in the config. */
export interface LossParam {
  default: number;
  label: string; // the form's field
  hint: string; // the form's hint: the paper's value
  what: string; // for validation messages: "the temperature must be > 0"
  min: 'positive' | 'non-negative';
  solo: string; // its name in solo-learn's method_kwargs
}

/**
 * The projector's layers (core/nn/projectors.ts builds them; the memory estimate, the PyTorch
 * state layout and the solo-learn YAML follow them):
 * - 'mlp2': Linear → ReLU → Linear (SimCLR); an SAE replaces the whole MLP and acts on Z1.
 * - 'bn-mlp3': (Linear → BatchNorm → ReLU) × 2 → Linear (Barlow Twins, VICReg); an SAE
 *   follows the first block instead of the rest.
 */
export type ProjectorShape = 'mlp2' | 'bn-mlp3';

export interface MethodSpec {
  label: string; // the form's option
  name: string; // in sentences ("a SimCLR projector")
  solo: readonly string[]; // solo-learn's method names; the first is the one the lab writes
  projector: ProjectorShape;
  /** Whether the loss builds a D×D matrix of the features (the memory estimate counts it). */
  featureMatrix: boolean;
  lossParams: Record<string, LossParam>;
  /** method.md's per-method hyper-parameters (CIFAR): the method picks them when chosen. */
  defaults: { projector: { hiddenDim: number; outputDim: number }; optim: { lr: number; classifierLr: number } };
  /** The paper's two-view augmentation recipe on CIFAR. */
  augmentation: () => [ViewAugmentation, ViewAugmentation];
  /** The SSL loss of all-zero (collapsed) Z2: the dead-run test compares the logged loss with it. */
  chanceLoss: (run: { batchSize: number; loss: Readonly<Record<string, number>>; z2Width: number }) => { value: number; formula: string };
}

/** SimCLR recipe of method.md: symmetric views. */
export function simclrAugmentation(): [ViewAugmentation, ViewAugmentation] {
  const view: ViewAugmentation = {
    cropScale: [0.08, 1],
    flipProb: 0.5,
    jitterProb: 0.8,
    brightness: 0.8,
    contrast: 0.8,
    saturation: 0.8,
    hue: 0.2,
    grayscaleProb: 0.2,
    blurProb: 0.5,
    solarizeProb: 0,
  };
  return [view, { ...view }];
}

/** Barlow Twins recipe of method.md: asymmetric, solarisation on the second view only. */
export function barlowAugmentation(): [ViewAugmentation, ViewAugmentation] {
  const view: ViewAugmentation = {
    cropScale: [0.08, 1],
    flipProb: 0.5,
    jitterProb: 0.8,
    brightness: 0.4,
    contrast: 0.4,
    saturation: 0.2,
    hue: 0.1,
    grayscaleProb: 0.2,
    blurProb: 0,
    solarizeProb: 0,
  };
  return [view, { ...view, solarizeProb: 0.2 }];
}

export const METHODS = {
  simclr: {
    label: 'SimCLR (NT-Xent)',
    name: 'SimCLR',
    solo: ['simclr'],
    projector: 'mlp2',
    featureMatrix: false,
    lossParams: {
      temperature: { default: 0.2, label: 'Temperature', hint: '0.2 on CIFAR', what: 'the temperature', min: 'positive', solo: 'temperature' },
    },
    defaults: { projector: { hiddenDim: 2048, outputDim: 256 }, optim: { lr: 0.4, classifierLr: 0.1 } },
    augmentation: simclrAugmentation,
    chanceLoss: ({ batchSize: b }) => ({ value: Math.log(2 * b - 1), formula: `log(2B−1) = log(${2 * b - 1})` }),
  },
  barlow: {
    label: 'Barlow Twins',
    name: 'Barlow Twins',
    solo: ['barlow_twins', 'barlow'],
    projector: 'bn-mlp3',
    featureMatrix: true,
    lossParams: {
      barlowOffDiagonal: { default: 0.0051, label: 'Off-diagonal weight', hint: '0.0051', what: 'the off-diagonal weight', min: 'non-negative', solo: 'lamb' },
      barlowScale: { default: 0.1, label: 'Loss scale', hint: '0.1 on CIFAR', what: 'the Barlow loss scale', min: 'positive', solo: 'scale_loss' },
    },
    defaults: { projector: { hiddenDim: 2048, outputDim: 2048 }, optim: { lr: 0.3, classifierLr: 0.15 } },
    augmentation: barlowAugmentation,
    chanceLoss: ({ loss, z2Width: p }) => ({ value: loss.barlowScale * p, formula: `scale × P = ${loss.barlowScale} × ${p}` }),
  },
} as const satisfies Record<string, MethodSpec>;

export type Method = keyof typeof METHODS;
export const METHOD_IDS = Object.keys(METHODS) as Method[];

/** Every method's loss numbers, by name (the config's `loss` holds them all, beside lmbd and alpha). */
export type MethodLossParam = { [M in Method]: keyof (typeof METHODS)[M]['lossParams'] }[Method];

export function isKnownMethod(id: string): id is Method {
  return Object.hasOwn(METHODS, id);
}

export function methodSpec(method: Method): MethodSpec {
  return METHODS[method];
}

/** The loss numbers of every method at their defaults, in table order. */
export function lossParamDefaults(): Record<MethodLossParam, number> {
  const out = {} as Record<string, number>;
  for (const id of METHOD_IDS) for (const [name, p] of Object.entries(methodSpec(id).lossParams)) out[name] = p.default;
  return out as Record<MethodLossParam, number>;
}

/** Every method's loss parameters with the method they belong to, in table order. */
export function allLossParams(): { method: Method; name: MethodLossParam; param: LossParam }[] {
  return METHOD_IDS.flatMap((method) =>
    Object.entries(methodSpec(method).lossParams).map(([name, param]) => ({ method, name: name as MethodLossParam, param })),
  );
}

/** The lab's method for a solo-learn method name, if it has one. */
export function methodFromSolo(name: string): Method | undefined {
  return METHOD_IDS.find((id) => methodSpec(id).solo.includes(name));
}

/**
 * A recipe for the synthetic set (not the paper's). Its classes are shapes and its nuisances
 * are colour, position, scale and background texture, so the views vary exactly those: a full
 * hue turn and strong saturation jitter (colour), crops of at least 30% (position and scale
 * without cutting the shape away). The paper's 8% crops and strong brightness/contrast often
 * leave nothing of a 32-px drawing: with them a short run's online classifier stays at chance
 * (measured with the headless trainer; see the README). Blur and the second view's
 * solarisation stay the method's own (Barlow Twins keeps its asymmetry).
 */
export function syntheticAugmentation(method: Method): [ViewAugmentation, ViewAugmentation] {
  const [first, second] = methodSpec(method).augmentation();
  const view: ViewAugmentation = {
    cropScale: [0.3, 1],
    flipProb: 0.5,
    jitterProb: 0.8,
    brightness: 0.4,
    contrast: 0.4,
    saturation: 0.8,
    hue: 0.5,
    grayscaleProb: 0.2,
    blurProb: first.blurProb,
    solarizeProb: 0,
  };
  return [view, { ...view, solarizeProb: second.solarizeProb }];
}

/** The augmentation recipe a method uses on a dataset: the paper's on CIFAR. */
export function augmentationFor(method: Method, dataset: DatasetId): [ViewAugmentation, ViewAugmentation] {
  return dataset === 'synthetic' ? syntheticAugmentation(method) : methodSpec(method).augmentation();
}

/** Method-specific parts of method.md's hyper-parameters. */
export function methodDefaults(method: Method): Pick<RunConfig, 'method'> & {
  projector: Pick<RunConfig['projector'], 'hiddenDim' | 'outputDim'>;
  optim: Pick<RunConfig['optim'], 'lr' | 'classifierLr'>;
  aug: RunConfig['aug'];
} {
  const { defaults, augmentation } = methodSpec(method);
  return { method, projector: { ...defaults.projector }, optim: { ...defaults.optim }, aug: { views: augmentation() } };
}

/**
 * What choosing `method` sets on a config, in the form and in a link that names it: the method,
 * its learning rates and its recipe for the dataset (the config's unless another is named). The projector dims stay: the
 * browser budget (not the paper's 2048) is what the person chose.
 */
export function chooseMethod(config: RunConfig, method: Method, dataset: DatasetId = config.data.dataset): void {
  const { optim } = methodSpec(method).defaults;
  config.method = method;
  config.optim.lr = optim.lr;
  config.optim.classifierLr = optim.classifierLr;
  config.aug = { views: augmentationFor(method, dataset) };
}
