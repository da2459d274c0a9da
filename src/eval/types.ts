// What an evaluation produces. The shapes equal src/engine/run-types.ts's EvalResult and
// FeatureScores (checked both ways in types.test.ts): eval/ may not import engine/ (layers go
// ui → engine → eval), so the engine can re-export these instead of keeping its own copy.
// Extra fields (knnTop5, the probe and kNN details of the protocol) are plain JSON and optional
// for readers: an engine record that lacks them still type-checks as an EvalResult.

/** Downstream quality of one feature set (Z1 = encoder, Z2 = projector) at one point. */
export interface FeatureScores {
  linearTop1: number; // linear probe, test top-1 accuracy in [0, 1]
  linearTop5: number; // top-5 (1 when there are 5 classes or fewer)
  knnTop1: number; // weighted kNN, test top-1
  knnTop5?: number;
}

/** How the linear probe was trained (stated beside its numbers). */
export interface ProbeProtocol {
  optimizer: 'adam';
  epochs: number;
  batchSize: number;
  lr: number; // peak; cosine-decayed to 0 over the run
  weightDecay: number;
  standardize: boolean;
}

/** Settings the numbers depend on. The first five fields are the engine's required ones. */
export interface EvalProtocol {
  trainImages: number; // probe and kNN memory bank size
  testImages: number;
  probeEpochs: number;
  knnK: number;
  knnTemperature: number;
  probe?: ProbeProtocol;
  embeddingSample?: number;
}

export interface Embedding2D {
  labels: number[];
  z1: [number, number][];
  z2: [number, number][];
  method: 'pca';
  /** UMAP of the same sample (absent for tiny samples, or in results from before UMAP). */
  umap?: { z1: [number, number][]; z2: [number, number][] };
}

export interface EvalResult {
  step: number;
  epoch: number;
  z1: FeatureScores;
  z2: FeatureScores;
  millis: number;
  protocol: EvalProtocol;
  /** Optional 2-D projection of a test sample, for the embedding view. */
  embedding?: Embedding2D;
}
