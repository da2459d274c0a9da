// The checkpoint file: one zip holding `manifest.json` (ours: format, config, step, epoch,
// RNG, and a TF.js weights manifest) and `weights.bin` (TF.js weights format). Unzipped, the
// weights load with tf.io.decodeWeights; zipped, it is one file to download and import.
// Tensor names: 'model/<param or buffer>' and 'optimizer/<param>/momentum'.
import * as tf from '@tensorflow/tfjs-core';
import { strFromU8, strToU8, zipSync } from 'fflate';
import type { RunConfig } from '../../core/config';
import { configFromPartial } from '../../core/config-paths';
import { validateConfig } from '../../core/config-validate';
import { checkStateShapes, describeModelState } from '../../core/nn/model';
import { unzipWithinLimits, ZipLimitError } from '../safe-unzip';
import { CHECKPOINT_LIMITS, manifestProblem } from './manifest-schema';
import { firstNonFinite, nonFiniteText } from '../../interop/tensor';

export { CHECKPOINT_LIMITS };

export const CHECKPOINT_FORMAT = 'bottleneck-lab/checkpoint';
export const CHECKPOINT_VERSION = 1;
const MANIFEST_FILE = 'manifest.json';
const WEIGHTS_FILE = 'weights.bin';
const MODEL_PREFIX = 'model/';
const OPTIMIZER_PREFIX = 'optimizer/';

export interface CheckpointMeta {
  config: RunConfig;
  numClasses: number;
  datasetId: string;
  step: number; // optimiser steps taken
  epoch: number; // completed epochs (fractional: step / stepsPerEpoch)
  /** Randomness is derived from (seed, epoch, step): this records the scheme and seed. */
  rng: { scheme: 'per-step'; seed: number };
  backend: string;
  createdAt: string; // ISO time
  runId?: string;
}

export interface CheckpointManifest extends CheckpointMeta {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

export interface Checkpoint {
  meta: CheckpointMeta;
  model: Map<string, tf.Tensor>;
  optimizer: Map<string, tf.Tensor>;
}

/** Reads the tensors (asynchronously: no sync GPU read) and packs them into one zip. */
export async function encodeCheckpoint(meta: CheckpointMeta, model: Map<string, tf.Tensor>, optimizer: Map<string, tf.Tensor>): Promise<Uint8Array> {
  const named: { name: string; tensor: tf.Tensor }[] = [];
  for (const [name, tensor] of model) named.push({ name: MODEL_PREFIX + name, tensor });
  for (const [name, tensor] of optimizer) named.push({ name: OPTIMIZER_PREFIX + name, tensor });
  const { data, specs } = await tf.io.encodeWeights(named);
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    ...meta,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }],
  };
  // Weights are float32 noise to a compressor: store them, compress only the manifest.
  return zipSync({
    [MANIFEST_FILE]: [strToU8(JSON.stringify(manifest, null, 1)), { level: 6 }],
    [WEIGHTS_FILE]: [new Uint8Array(data), { level: 0 }],
  });
}

/** A problem with a checkpoint file, phrased for the person who chose it. */
export class CheckpointError extends Error {
  constructor(fileName: string, problem: string) {
    super(`${fileName} is not a usable Bottleneck Lab checkpoint: ${problem}`);
    this.name = 'CheckpointError';
  }
}

function byteSize(spec: tf.io.WeightsManifestEntry): number {
  const bytesPerElement = spec.dtype === 'int32' || spec.dtype === 'float32' ? 4 : spec.dtype === 'bool' ? 1 : NaN;
  return spec.shape.reduce((a, b) => a * b, 1) * bytesPerElement;
}

/** Names the first float32 weight holding NaN or ±Infinity, read from the raw bytes before TF.js holds them. */
function firstNonFiniteWeight(buffer: ArrayBuffer, specs: tf.io.WeightsManifestEntry[]): string | undefined {
  let offset = 0;
  for (const spec of specs) {
    const size = byteSize(spec);
    if (spec.dtype === 'float32') {
      // A bool tensor before this one can leave the offset off a 4-byte boundary: copy then.
      const values = offset % 4 === 0 ? new Float32Array(buffer, offset, size / 4) : new Float32Array(buffer.slice(offset, offset + size));
      const bad = firstNonFinite(values);
      if (bad >= 0) return `tensor "${spec.name}" holds ${nonFiniteText(values, bad, spec.shape)}`;
    }
    offset += size;
  }
  return undefined;
}

function parseManifest(fileName: string, text: string): CheckpointManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CheckpointError(fileName, `${MANIFEST_FILE} is not valid JSON`);
  }
  const m = raw as Partial<CheckpointManifest>;
  if (typeof m !== 'object' || m === null || m.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(fileName, `${MANIFEST_FILE} does not declare format "${CHECKPOINT_FORMAT}" (is it a checkpoint of another tool?)`);
  }
  if (m.version !== CHECKPOINT_VERSION)
    throw new CheckpointError(fileName, `format version ${m.version} is not supported (this build reads ${CHECKPOINT_VERSION})`);
  const problem = manifestProblem(raw);
  if (problem) throw new CheckpointError(fileName, `${MANIFEST_FILE}: ${problem}`);
  const { config, problems } = configFromPartial(m.config);
  const invalid = validateConfig(config).map((p) => `${p.path}: ${p.message}`);
  if (problems.length || invalid.length) throw new CheckpointError(fileName, `its config is not valid (${[...problems, ...invalid].join('; ')})`);
  return { ...(m as CheckpointManifest), config };
}

/**
 * Unpacks and validates a checkpoint: format, config, byte counts, and every tensor's name
 * and shape against the model its config describes. Throws CheckpointError with the reason.
 */
export function decodeCheckpoint(bytes: Uint8Array, fileName = 'checkpoint'): Checkpoint {
  let files: Record<string, Uint8Array>;
  let names: string[];
  try {
    ({ files, names } = unzipWithinLimits(bytes, fileName, CHECKPOINT_LIMITS));
  } catch (err) {
    if (err instanceof ZipLimitError) throw new CheckpointError(fileName, err.problem);
    throw err;
  }
  if (!files[MANIFEST_FILE] || !files[WEIGHTS_FILE]) {
    throw new CheckpointError(fileName, `the zip must hold ${MANIFEST_FILE} and ${WEIGHTS_FILE}; it holds ${names.join(', ') || 'nothing'}`);
  }
  const manifest = parseManifest(fileName, strFromU8(files[MANIFEST_FILE]));
  const specs = manifest.weightsManifest[0].weights;
  const expectedBytes = specs.reduce((n, s) => n + byteSize(s), 0);
  const weights = files[WEIGHTS_FILE];
  if (!Number.isFinite(expectedBytes)) throw new CheckpointError(fileName, 'weights use a dtype other than float32, int32 or bool');
  if (weights.byteLength !== expectedBytes) {
    throw new CheckpointError(fileName, `${WEIGHTS_FILE} holds ${weights.byteLength} bytes but the manifest describes ${expectedBytes}`);
  }

  const buffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  const nonFinite = firstNonFiniteWeight(buffer, specs);
  if (nonFinite)
    throw new CheckpointError(
      fileName,
      `${nonFinite}: it was saved from a run that had diverged, or the file is damaged. Use a checkpoint from before the divergence`,
    );

  const model = new Map<string, tf.Tensor>();
  const optimizer = new Map<string, tf.Tensor>();
  const decoded = tf.io.decodeWeights(buffer, specs);
  for (const [name, tensor] of Object.entries(decoded)) {
    if (name.startsWith(MODEL_PREFIX)) model.set(name.slice(MODEL_PREFIX.length), tensor);
    else if (name.startsWith(OPTIMIZER_PREFIX)) optimizer.set(name.slice(OPTIMIZER_PREFIX.length), tensor);
    else {
      tf.dispose(Object.values(decoded));
      throw new CheckpointError(fileName, `unexpected tensor "${name}"`);
    }
  }
  const expected = describeModelState(manifest.config, manifest.numClasses);
  const problems = checkStateShapes(expected, new Map([...model].map(([n, t]) => [n, t.shape])));
  const params = new Map(expected.filter((e) => e.kind === 'param').map((e) => [`${e.name}/momentum`, e.shape]));
  for (const [name, tensor] of optimizer) {
    const shape = params.get(name);
    if (!shape) problems.push(`unexpected optimiser state ${name}`);
    else if (shape.join(',') !== tensor.shape.join(',')) problems.push(`${name}: expected [${shape.join(', ')}], got [${tensor.shape.join(', ')}]`);
  }
  if (problems.length) {
    tf.dispose(Object.values(decoded));
    const shown = problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
    throw new CheckpointError(fileName, `its weights do not fit its config (${shown})`);
  }
  const { format: _f, version: _v, weightsManifest: _w, ...meta } = manifest;
  return { meta, model, optimizer };
}
