// Any weights file the lab reads, as a model for features: a lab checkpoint (.zip) with its own
// config, or PyTorch weights (.ckpt, .pth, .pt, .safetensors) mapped onto an inferred config.
import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from '../../core/config';
import { createModel, type Model } from '../../core/nn/model';
import { detectWeightsFormat } from '../../interop';
import { decodeCheckpoint } from '../checkpoint/format';
import { inspectWeights, modelFromWeights } from './import-weights';

export interface LoadedModel {
  model: Model;
  config: RunConfig;
  /** What the file is and what was inferred or assumed, for people. */
  description: string[];
}

/** `base` and `adjust` apply to PyTorch files only (a lab checkpoint carries its whole config). */
export function loadModelFile(bytes: Uint8Array, fileName: string, base: RunConfig, adjust?: (config: RunConfig) => void): LoadedModel {
  if (detectWeightsFormat(bytes) === 'lab-checkpoint') {
    const checkpoint = decodeCheckpoint(bytes, fileName);
    const model = createModel(checkpoint.meta.config, checkpoint.meta.numClasses);
    const state = model.store.namedState();
    for (const [name, tensor] of checkpoint.model) state.get(name)!.assign(tensor);
    tf.dispose([...checkpoint.model.values(), ...checkpoint.optimizer.values()]);
    return { model, config: checkpoint.meta.config, description: [`Lab checkpoint at step ${checkpoint.meta.step} (${checkpoint.meta.datasetId})`] };
  }
  const { report, mapped } = inspectWeights(bytes, fileName, base, { baseName: 'the defaults', adjust, adjustName: 'the command line' });
  if (!mapped) throw new Error(`${fileName}: the inferred config is not usable (${report.problems.join('; ')})`);
  return {
    model: modelFromWeights(report.config, mapped),
    config: report.config,
    description: [`${report.format} file`, ...report.architecture, ...report.provenance, ...report.notes],
  };
}
