// The evaluation layer's public surface (used by the engine's worker and the Node scripts).
export { DEFAULT_EVAL_OPTIONS, evalOptions, evaluateModel, type EvalHooks, type EvalOptions, type EvalPhase } from './evaluate';
export { extractFeatures, type ExtractOptions, type FeatureSet } from './features';
export { linearProbe, type LabelledFeatures, type ProbeOptions, type ProbeResult } from './linear-probe';
export { knnAccuracy, knnClassScores, knnChunking, type KnnOptions, type KnnResult } from './knn';
export { pca2d, toPairs, type Pca2D, type PcaOptions } from './embedding';
export { formatFloat32, metadataTsv, projectorFiles, vectorsTsv } from './tsv';
export type { Embedding2D, EvalProtocol, EvalResult, FeatureScores, ProbeProtocol } from './types';
