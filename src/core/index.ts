// The public entry of the core: the paper's math in pure TF.js (no DOM, no storage).
// TF.js core alone registers no gradient functions; the core is differentiable, so it does.
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export * from './config';
export * from './config-paths';
export * from './config-validate';
export { matrixEntropy, matrixMutualInformation } from './entropy';
export { ntXentLoss, barlowTwinsLoss } from './losses';
export { discretize, discretizeBounds } from './discretize';
export { stopGradient, roundStraightThrough } from './ops';
export { sslLoss, SSL_LOSSES } from './ssl-loss';
export { trainStep, namedMetrics, STEP_METRICS, type StepMetrics, type StepMetricName, type StepBatch } from './train-step';
export { Rng } from './random';
export * from './nn';
export * from './optim';
export * from './augment';
