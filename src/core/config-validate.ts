// Validation of a run config: every rule gives the setting's path and a reason a person can
// act on. The UI shows these as you type; the headless trainer refuses to start on any. Given a
// backend's memory limits, a config that cannot fit is refused too (config-memory-limits.ts);
// warnings (a dead discrete projector, memory over a figure no browser reports) never block.
import { encoderOutputDim, type RunConfig, type ViewAugmentation } from './config';
import { DATASET_IDS, isKnownDataset, trainImages } from './config-datasets';
import { allLossParams, isKnownMethod, METHOD_IDS } from './config-methods';
import { memoryProblems, type BackendMemoryLimits } from './config-memory-limits';
import { ENCODER_IDS, isKnownEncoder } from './config-encoders';

export interface ConfigProblem {
  path: string;
  message: string;
}

type Check = (config: RunConfig, report: (path: string, message: string) => void) => void;

const isInt = (v: number) => Number.isInteger(v);
/** ["a", "b", "c"] -> "a, b or c": the choices a message offers. */
export const choices = (ids: readonly string[]) => (ids.length > 1 ? `${ids.slice(0, -1).join(', ')} or ${ids[ids.length - 1]}` : ids.join(''));
const inUnit = (v: number) => Number.isFinite(v) && v >= 0 && v <= 1;

function intAtLeast(report: (p: string, m: string) => void, path: string, value: number, min: number, what: string) {
  if (!isInt(value) || value < min) report(path, `${what} must be a whole number ≥ ${min}, got ${value}`);
}

function positive(report: (p: string, m: string) => void, path: string, value: number, what: string) {
  if (!Number.isFinite(value) || value <= 0) report(path, `${what} must be a positive number, got ${value}`);
}

const checkData: Check = (c, report) => {
  if (!isKnownDataset(c.data.dataset)) {
    report('data.dataset', `unknown dataset "${c.data.dataset}" (${choices(DATASET_IDS)})`);
    return; // its sizes are unknown
  }
  intAtLeast(report, 'data.trainSubset', c.data.trainSubset, 0, 'the training subset (0 = all)');
  intAtLeast(report, 'data.syntheticTrainSize', c.data.syntheticTrainSize, 16, 'the synthetic training set size');
  intAtLeast(report, 'data.syntheticTestSize', c.data.syntheticTestSize, 16, 'the synthetic test set size');
  const usable = trainImages(c);
  if (c.train.batchSize > usable) report('train.batchSize', `the batch (${c.train.batchSize}) is larger than the training set (${usable} images)`);
};

const checkModel: Check = (c, report) => {
  if (!isKnownMethod(c.method)) report('method', `unknown method "${c.method}" (${choices(METHOD_IDS)})`);
  if (!isKnownEncoder(c.encoder.kind)) report('encoder.kind', `unknown encoder "${c.encoder.kind}" (${choices(ENCODER_IDS)})`);
  intAtLeast(report, 'encoder.width', c.encoder.width, 1, 'the ResNet width');
  if (c.encoder.convChannels.length === 0 || c.encoder.convChannels.some((ch) => !isInt(ch) || ch < 1)) {
    report('encoder.convChannels', `the ConvNet channels must be a non-empty list of whole numbers ≥ 1, got [${c.encoder.convChannels.join(', ')}]`);
  }
  if (c.encoder.convChannels.length > 5) report('encoder.convChannels', 'at most 5 ConvNet blocks: each one halves the 32×32 image');
  intAtLeast(report, 'projector.hiddenDim', c.projector.hiddenDim, 1, 'the projector hidden dim');
  intAtLeast(report, 'projector.outputDim', c.projector.outputDim, 1, 'the projector output dim');
  const L = c.projector.pointNum;
  if (!isInt(L) || L < 0) report('projector.pointNum', `point_num must be 0 (off) or a whole number ≥ 2, got ${L}`);
  else if (L === 1) report('projector.pointNum', 'point_num = 1 maps every output to one value, which carries no information: use 0 (off) or ≥ 2');
  const { sae } = c.projector;
  if (sae.enabled) {
    intAtLeast(report, 'projector.sae.latentDim', sae.latentDim, 1, 'the SAE latent dim');
    if (!isInt(sae.topK) || sae.topK < 1) report('projector.sae.topK', `top-k must be a whole number ≥ 1, got ${sae.topK}`);
    else if (sae.topK > sae.latentDim) report('projector.sae.topK', `top-k (${sae.topK}) cannot exceed the SAE latent dim (${sae.latentDim})`);
  }
  if (isKnownEncoder(c.encoder.kind) && encoderOutputDim(c) < 1) report('encoder', 'the encoder must produce at least one feature');
};

const checkLoss: Check = (c, report) => {
  // Every method's numbers, not only the chosen one's: a config keeps them all (switching back restores them).
  for (const { name, param } of allLossParams()) {
    const value = c.loss[name];
    if (param.min === 'positive') positive(report, `loss.${name}`, value, param.what);
    else if (!Number.isFinite(value) || value < 0) report(`loss.${name}`, `${param.what} must be ≥ 0`);
  }
  if (!Number.isFinite(c.loss.lmbd) || c.loss.lmbd < 0) report('loss.lmbd', `lmbd must be ≥ 0 (0 = regulariser off), got ${c.loss.lmbd}`);
  if (!isInt(c.loss.alpha) || c.loss.alpha < 2) {
    report('loss.alpha', `alpha must be a whole number ≥ 2 (α = 1 needs an eigendecomposition that TF.js lacks), got ${c.loss.alpha}`);
  }
};

const checkOptim: Check = (c, report) => {
  if (c.optim.kind !== 'lars' && c.optim.kind !== 'sgd') report('optim.kind', `unknown optimiser "${c.optim.kind}" (lars or sgd)`);
  positive(report, 'optim.lr', c.optim.lr, 'the learning rate');
  positive(report, 'optim.classifierLr', c.optim.classifierLr, 'the classifier learning rate');
  if (!(c.optim.momentum >= 0 && c.optim.momentum < 1)) report('optim.momentum', `momentum must be in [0, 1), got ${c.optim.momentum}`);
  if (!(c.optim.weightDecay >= 0)) report('optim.weightDecay', `weight decay must be ≥ 0, got ${c.optim.weightDecay}`);
  positive(report, 'optim.larsEta', c.optim.larsEta, 'the LARS eta');
  if (!(c.optim.warmupEpochs >= 0)) report('optim.warmupEpochs', 'warm-up epochs must be ≥ 0');
  else if (c.optim.warmupEpochs > c.train.epochs)
    report('optim.warmupEpochs', `the warm-up (${c.optim.warmupEpochs} epochs) is longer than the run (${c.train.epochs})`);
  if (!inUnit(c.optim.warmupStartLr)) report('optim.warmupStartLr', 'the warm-up start must be a fraction of the peak lr in [0, 1]');
  if (!inUnit(c.optim.minLr)) report('optim.minLr', 'the final lr must be a fraction of the peak lr in [0, 1]');
};

function checkView(view: ViewAugmentation, path: string, report: (p: string, m: string) => void) {
  const [lo, hi] = view.cropScale;
  if (view.cropScale.length !== 2 || !(lo > 0 && lo <= hi && hi <= 1))
    report(`${path}.cropScale`, `the crop scale must be two numbers with 0 < min ≤ max ≤ 1, got [${view.cropScale.join(', ')}]`);
  for (const key of ['flipProb', 'jitterProb', 'grayscaleProb', 'blurProb', 'solarizeProb'] as const) {
    if (!inUnit(view[key])) report(`${path}.${key}`, `a probability must be in [0, 1], got ${view[key]}`);
  }
  for (const key of ['brightness', 'contrast', 'saturation'] as const) {
    if (!inUnit(view[key])) report(`${path}.${key}`, `the ${key} strength must be in [0, 1], got ${view[key]}`);
  }
  if (!(view.hue >= 0 && view.hue <= 0.5)) report(`${path}.hue`, `the hue strength must be in [0, 0.5], got ${view.hue}`);
}

const checkAug: Check = (c, report) => {
  if (c.aug.views.length !== 2) report('aug.views', 'exactly two views are needed');
  c.aug.views.forEach((view, i) => checkView(view, `aug.views.${i}`, report));
};

/**
 * The longest run the lab accepts. solo-learn's longest CIFAR recipe is 1,000 epochs; ten times
 * that is weeks of training on any machine a browser runs on, and epochs of 1e12 only ever come
 * from a typo (the ETA said "4272431111 h").
 */
export const MAX_EPOCHS = 10_000;

const checkTrain: Check = (c, report) => {
  intAtLeast(report, 'train.epochs', c.train.epochs, 1, 'the number of epochs');
  if (c.train.epochs > MAX_EPOCHS)
    report('train.epochs', `${c.train.epochs} epochs is more than the lab runs (${MAX_EPOCHS.toLocaleString('en')}; the paper's longest recipe is 1,000)`);
  intAtLeast(report, 'train.batchSize', c.train.batchSize, 2, 'the batch size (contrastive losses need other images as negatives)');
  intAtLeast(report, 'train.logEvery', c.train.logEvery, 1, 'the logging interval');
  intAtLeast(report, 'train.checkpointEvery', c.train.checkpointEvery, 0, 'the checkpoint interval (0 = at the end only)');
  intAtLeast(report, 'train.evalEveryEpochs', c.train.evalEveryEpochs, 0, 'the evaluation interval (0 = at the end only)');
  intAtLeast(report, 'seed', c.seed, 0, 'the seed');
};

const checkEval: Check = (c, report) => {
  intAtLeast(report, 'eval.trainSubset', c.eval.trainSubset, 0, 'the probe training subset (0 = all)');
  intAtLeast(report, 'eval.testSubset', c.eval.testSubset, 0, 'the test subset (0 = all)');
  intAtLeast(report, 'eval.probeEpochs', c.eval.probeEpochs, 1, 'the probe epochs');
  if (c.eval.probeEpochs > MAX_EPOCHS)
    report(
      'eval.probeEpochs',
      `${c.eval.probeEpochs} probe epochs would hold every evaluation for hours (at most ${MAX_EPOCHS.toLocaleString('en')}; 30 is the default)`,
    );
  positive(report, 'eval.probeLr', c.eval.probeLr, 'the probe learning rate');
  intAtLeast(report, 'eval.knnK', c.eval.knnK, 1, 'the kNN k');
  positive(report, 'eval.knnTemperature', c.eval.knnTemperature, 'the kNN temperature');
  intAtLeast(report, 'eval.embeddingSample', c.eval.embeddingSample, 0, 'the embedding sample (0 = none)');
};

const CHECKS: Check[] = [checkData, checkModel, checkLoss, checkOptim, checkAug, checkTrain, checkEval];

export interface ValidateOptions {
  /** The backend the run will train on: a config its memory cannot hold is refused. */
  memory?: BackendMemoryLimits;
}

/** Every problem of the config; an empty list means it can run. */
export function validateConfig(config: RunConfig, options: ValidateOptions = {}): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });
  for (const check of CHECKS) check(config, report);
  // The estimate needs sane numbers: memory is checked once every other rule holds.
  if (!problems.length && options.memory) {
    for (const p of memoryProblems(config, options.memory)) if (p.blocking) problems.push({ path: p.path, message: p.message });
  }
  return problems;
}

/**
 * Settings that run but should be questioned, each with the reason. They never block: the
 * person may mean it (a dead point_num = 2 run reproduces the paper's deviation).
 */
export function configWarnings(config: RunConfig, options: ValidateOptions = {}): ConfigProblem[] {
  if (validateConfig(config).length) return [];
  const warnings: ConfigProblem[] = [];
  if (config.projector.pointNum === 2) {
    warnings.push({
      path: 'projector.pointNum',
      message:
        'point_num = 2 rounds every output above −1.56 to 0, so on a freshly initialised network Z2 is all zeros: the SSL loss sits at its chance value with a zero gradient and only the online classifier learns (docs, method.md “Deviations”); use 0 (off) or 3 and more',
    });
  }
  if (options.memory) for (const p of memoryProblems(config, options.memory)) if (!p.blocking) warnings.push({ path: p.path, message: p.message });
  return warnings;
}
