// PyTorch weights into the lab: a file (Lightning .ckpt, torch.save .pth/.pt, safetensors) is
// read and mapped by src/interop, then becomes a lab Model (features, evaluation) or a lab
// checkpoint at step 0 (an imported run that the engine evaluates and can train on). Parts
// the file lacks (projector, classifier) are initialised from the config's seed, as a new run's.
import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from '../../core/config';
import { validateConfig } from '../../core/config-validate';
import { createModel, type Model } from '../../core/nn/model';
import { numClassesOf } from '../../core/config-datasets';
import {
  describeArchitecture,
  fileSettings,
  importedConfig,
  inferArchitecture,
  InteropError,
  mapToLab,
  readWeightsFile,
  type ImportOptions,
  type MappedState,
  type WeightsFile,
} from '../../interop';
import { encodeCheckpoint } from '../checkpoint/format';
import type { WeightsReport } from './types';

/** A weights file the lab cannot use, with the file's name and the reason. */
export class WeightsImportError extends Error {
  constructor(fileName: string, problem: string) {
    super(`${fileName} cannot be opened as PyTorch weights: ${problem}`);
    this.name = 'WeightsImportError';
  }
}

function readFile(bytes: Uint8Array, fileName: string): WeightsFile {
  try {
    return readWeightsFile(bytes);
  } catch (err) {
    if (err instanceof InteropError) throw new WeightsImportError(fileName, err.message);
    throw err;
  }
}

export interface InspectedWeights {
  report: WeightsReport;
  /** The tensors in the lab's names; undefined when the proposed config has problems. */
  mapped?: MappedState;
}

/**
 * Reads `bytes`, infers the architecture and proposes a config (`base` <- the file's settings
 * <- the architecture; `adjust` applies the person's choices, e.g. top-k). Throws
 * WeightsImportError when the file cannot be read or mapped.
 */
export function inspectWeights(bytes: Uint8Array, fileName: string, base: RunConfig, options: ImportOptions = {}): InspectedWeights {
  const file = readFile(bytes, fileName);
  try {
    const arch = inferArchitecture(file.tensors);
    const { config, provenance } = importedConfig(base, arch, fileSettings(file), options);
    const problems = validateConfig(config).map((p) => `${p.path}: ${p.message}`);
    const report: WeightsReport = {
      fileName,
      format: file.format,
      architecture: describeArchitecture(arch),
      provenance,
      notes: [...file.notes],
      config,
      problems,
      epoch: file.epoch,
      globalStep: file.globalStep,
    };
    if (problems.length) return { report };
    const mapped = mapToLab(file.tensors, config, numClassesOf(config));
    report.notes.push(...mapped.notes);
    for (const part of mapped.fresh)
      if (part !== 'projector' || arch.method) report.notes.push(`The file has no ${part} weights that fit: the ${part} is initialised at random.`);
    return { report, mapped };
  } catch (err) {
    if (err instanceof InteropError) throw new WeightsImportError(fileName, err.message);
    throw err;
  }
}

/** Maps `bytes` onto exactly `config` (a config the person confirmed), with the architecture the file shows. */
export function mapWeights(bytes: Uint8Array, fileName: string, config: RunConfig): { mapped: MappedState; format: string; architecture: string[] } {
  const file = readFile(bytes, fileName);
  try {
    const architecture = describeArchitecture(inferArchitecture(file.tensors));
    return { mapped: mapToLab(file.tensors, config, numClassesOf(config)), format: file.format, architecture };
  } catch (err) {
    if (err instanceof InteropError) throw new WeightsImportError(fileName, err.message);
    throw err;
  }
}

/** A lab model with the mapped tensors; the parts the file lacks keep the seeded initialisation. */
export function modelFromWeights(config: RunConfig, mapped: MappedState): Model {
  const model = createModel(config, numClassesOf(config));
  try {
    const state = model.store.namedState();
    for (const [name, t] of mapped.tensors) {
      const variable = state.get(name);
      if (!variable) throw new Error(`the lab model has no tensor ${name}`);
      tf.tidy(() => variable.assign(tf.tensor(t.values, t.shape, 'float32')));
    }
    return model;
  } catch (err) {
    model.dispose();
    throw err;
  }
}

/** The imported model as a lab checkpoint at step 0 (no optimiser state: momentum starts at zero). */
export async function checkpointFromWeights(config: RunConfig, mapped: MappedState, backend: string, runId?: string): Promise<Uint8Array> {
  const model = modelFromWeights(config, mapped);
  try {
    return await encodeCheckpoint(
      {
        config,
        numClasses: numClassesOf(config),
        datasetId: config.data.dataset,
        step: 0,
        epoch: 0,
        rng: { scheme: 'per-step', seed: config.seed },
        backend,
        createdAt: new Date().toISOString(),
        runId,
      },
      model.store.namedState(),
      new Map(),
    );
  } finally {
    model.dispose();
  }
}
