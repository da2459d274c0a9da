import * as tf from '@tensorflow/tfjs-core';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../../core/config';
import { tinyConfig } from '../../test/tiny-config';
import { createModel, type Model } from '../../core/nn/model';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint, type CheckpointMeta } from './format';

const tiny = () => tinyConfig();

let model: Model;
let bytes: Uint8Array;
const meta = (config: RunConfig): CheckpointMeta => ({
  config,
  numClasses: 10,
  datasetId: 'synthetic',
  step: 12,
  epoch: 1.5,
  rng: { scheme: 'per-step', seed: config.seed },
  backend: 'cpu',
  createdAt: '2026-11-26T00:00:00.000Z',
});

beforeAll(async () => {
  model = createModel(tiny(), 10);
  const momentum = new Map(model.store.params().map((p) => [`${p.name}/momentum`, tf.onesLike(p.variable)]));
  bytes = await encodeCheckpoint(meta(tiny()), model.store.namedState(), momentum);
  tf.dispose([...momentum.values()]);
});
afterAll(() => model.dispose());

/** Rewrites one file of the checkpoint zip. */
function withFile(name: string, change: (content: Uint8Array) => Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  files[name] = change(files[name]) as (typeof files)[string];
  return zipSync(files);
}

const editManifest = (edit: (m: Record<string, unknown>) => void) =>
  withFile('manifest.json', (content) => {
    const m = JSON.parse(strFromU8(content)) as Record<string, unknown>;
    edit(m);
    return strToU8(JSON.stringify(m));
  });

/** A copy of weights.bin with float `index` of its first tensor set to NaN. */
function nanAt(weights: Uint8Array, index: number): Uint8Array {
  const copy = weights.slice();
  new DataView(copy.buffer).setFloat32(index * 4, NaN, true);
  return copy;
}

type Spec = Record<string, unknown>;
const specs = (m: Record<string, unknown>) => (m.weightsManifest as { weights: Spec[] }[])[0].weights;

describe('checkpoint format', () => {
  it('round-trips every weight, buffer and momentum tensor exactly, with its metadata', async () => {
    const decoded = decodeCheckpoint(bytes, 'ok.zip');
    expect(decoded.meta.step).toBe(12);
    expect(decoded.meta.config).toEqual(tiny());
    for (const [name, variable] of model.store.namedState()) {
      const saved = decoded.model.get(name)!;
      expect(saved.shape).toEqual(variable.shape);
      expect(Array.from(await saved.data())).toEqual(Array.from(await variable.data()));
    }
    expect(decoded.optimizer.size).toBe(model.store.params().length);
    tf.dispose([...decoded.model.values(), ...decoded.optimizer.values()]);
  });

  it.each([
    ['not a zip', () => new Uint8Array([9, 9, 9]), /not a readable zip file/],
    ['a zip without our files', () => zipSync({ 'a.txt': strToU8('hi') }), /must hold manifest.json and weights.bin; it holds a.txt/],
    ['a manifest that is not JSON', () => withFile('manifest.json', () => strToU8('{oops')), /manifest.json is not valid JSON/],
    ['another format', () => editManifest((m) => (m.format = 'keras')), /does not declare format/],
    ['a newer version', () => editManifest((m) => (m.version = 99)), /format version 99 is not supported/],
    ['an invalid config', () => editManifest((m) => ((m.config as RunConfig).projector.pointNum = 1)), /projector.pointNum/],
    ['weights cut short', () => withFile('weights.bin', (w) => w.subarray(0, w.length - 8)), /holds \d+ bytes but the manifest describes \d+/],
    [
      'weights of another architecture',
      () => editManifest((m) => ((m.config as RunConfig).encoder.convChannels = [4, 16])),
      /weights do not fit its config \(.*expected \[.*\], got \[/,
    ],
    ['another number of classes', () => editManifest((m) => (m.numClasses = 100)), /classifier\/kernel: expected \[8, 100\], got \[8, 10\]/],
    // Field by field before TF.js sees anything (its own words were "Tensor must have a shape comprised of positive integers").
    [
      'a tensor of shape [0]',
      () => editManifest((m) => (specs(m)[0].shape = [0])),
      /weightsManifest\.0\.weights\.0\.shape\.0: must be a whole number from 1 to [\d,]+, got 0/,
    ],
    [
      'an unknown dtype',
      () => editManifest((m) => (specs(m)[1].dtype = 'complex64')),
      /weights\.1\.dtype: must be one of float32, int32, bool, got "complex64"/,
    ],
    ['a tensor named twice', () => editManifest((m) => (specs(m)[1].name = specs(m)[0].name as string)), /weightsManifest: names a tensor twice/],
    ['an absurd step', () => editManifest((m) => (m.step = 1e308)), /manifest\.json: step: must be a whole number from 0 to 1,000,000,000, got 1e\+308/],
    ['no number of classes', () => editManifest((m) => delete m.numClasses), /numClasses: is missing/],
    [
      'a NaN weight',
      () => withFile('weights.bin', (w) => nanAt(w, 5)),
      /tensor "model\/[^"]+" holds NaN at element 5 of \[[\d, ]+\]: it was saved from a run that had diverged/,
    ],
    [
      'weights that declare more than the limit',
      () => zipSync({ 'manifest.json': strToU8('{}'), 'weights.bin': new Uint8Array(1100 * 1024 * 1024) }, { level: 1 }),
      /weights\.bin would inflate to 1100\.0 MiB, over the limit of 1024\.0 MiB/,
    ],
  ])('rejects %s with a message naming the file', (_name, make, message) => {
    const before = tf.memory().numTensors;
    let error: unknown;
    try {
      decodeCheckpoint(make(), 'suspect.zip');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toMatch(/^suspect\.zip is not a usable Bottleneck Lab checkpoint: /);
    expect((error as Error).message).toMatch(message);
    expect(tf.memory().numTensors).toBe(before); // a rejected file leaks nothing
  });
});
