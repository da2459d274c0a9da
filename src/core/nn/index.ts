// Public API of the networks. Parameter storage and forward contexts come from params.ts.
export * from './params';
export { uniformFanIn, kaimingNormalFanOut, convDefault, zerosInit, onesInit } from './init';
export { StateRecorder, type ParamSink, type StateEntry } from './state';
export { linear, conv2d, batchNorm, globalAvgPool, BN_EPS, BN_MOMENTUM, type Linear, type Conv2d, type BatchNorm } from './layers';
export { createEncoder, createResNet18, createConvNet, type Encoder, type ResNet18 } from './encoders';
export { keepTopK, sparseAutoencoder, validateSae, type SparseAutoencoder } from './sae';
export { createProjector, type Projector } from './projectors';
export { createClassifier, type Classifier } from './classifier';
export { createModel, describeModelState, checkStateShapes, type Model } from './model';
