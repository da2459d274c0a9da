// A whole model: encoder f, projector g and the online classifier, all parameters in one
// ParamStore under 'encoder/', 'projector/' and 'classifier/'. Initial values are a pure
// function of (seed, config): every parameter's seed is hashed from the store seed and its name.
import type { RunConfig } from '../config';
import { ParamStore } from './params';
import { StateRecorder, type ParamSink, type StateEntry } from './state';
import { createEncoder, type Encoder } from './encoders';
import { createProjector, type Projector } from './projectors';
import { createClassifier, type Classifier } from './classifier';

export interface Model {
  readonly store: ParamStore;
  readonly encoder: Encoder;
  readonly projector: Projector;
  readonly classifier: Classifier;
  /** Frees every parameter and buffer. */
  dispose(): void;
}

function build(config: RunConfig, numClasses: number, sink: ParamSink): { encoder: Encoder; projector: Projector; classifier: Classifier } {
  const encoder = createEncoder(config.encoder, sink);
  const projector = createProjector(config, encoder.outputDim, sink);
  const classifier = createClassifier(sink, encoder.outputDim, numClasses);
  return { encoder, projector, classifier };
}

export function createModel(config: RunConfig, numClasses: number, seed: number = config.seed): Model {
  const store = new ParamStore(seed);
  try {
    return { store, ...build(config, numClasses, store), dispose: () => store.dispose() };
  } catch (err) {
    store.dispose(); // a config error half-way must not leak the layers built before it
    throw err;
  }
}

/**
 * The (name, shape) of every parameter and buffer a model built from `config` holds, in
 * registration order, without allocating the model: what a checkpoint must contain.
 */
export function describeModelState(config: RunConfig, numClasses: number): StateEntry[] {
  const recorder = new StateRecorder();
  try {
    build(config, numClasses, recorder);
  } finally {
    recorder.finish();
  }
  return recorder.entries;
}

/** Differences between a checkpoint's tensors and what `config` expects; empty when they match. */
export function checkStateShapes(expected: StateEntry[], actual: Map<string, readonly number[]>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const e of expected) {
    seen.add(e.name);
    const shape = actual.get(e.name);
    if (!shape) problems.push(`missing ${e.name} [${e.shape.join(', ')}]`);
    else if (shape.length !== e.shape.length || shape.some((s, i) => s !== e.shape[i])) {
      problems.push(`${e.name}: expected [${e.shape.join(', ')}], got [${shape.join(', ')}]`);
    }
  }
  for (const name of actual.keys()) if (!seen.has(name)) problems.push(`unexpected ${name}`);
  return problems;
}
