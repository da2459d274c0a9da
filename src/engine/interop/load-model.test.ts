// The model `npm run features` computes with: a lab checkpoint keeps its own config; PyTorch
// weights get the inferred one, with the flags' top-k applied and reported.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config';
import { createModel } from '../../core/nn/model';
import { fixture } from '../../test/interop-fixtures';
import { encodeCheckpoint } from '../checkpoint/format';
import { loadModelFile } from './load-model';

describe('loadModelFile', () => {
  it('opens a lab checkpoint with its own config, whatever the base says', async () => {
    const config = defaultConfig();
    config.encoder.convChannels = [4, 6];
    const model = createModel(config, 10);
    const zip = await encodeCheckpoint(
      { config, numClasses: 10, datasetId: 'synthetic', step: 5, epoch: 1, rng: { scheme: 'per-step', seed: 0 }, backend: 'cpu', createdAt: '' },
      model.store.namedState(),
      new Map(),
    );
    const loaded = loadModelFile(zip, 'run.zip', defaultConfig());
    expect(loaded.config).toEqual(config);
    expect(loaded.description).toEqual(['Lab checkpoint at step 5 (synthetic)']);
    const kernel = 'encoder/block2/conv/kernel';
    expect(Array.from(await loaded.model.store.namedState().get(kernel)!.data())).toEqual(Array.from(await model.store.namedState().get(kernel)!.data()));
    model.dispose();
    loaded.model.dispose();
  });

  it('opens PyTorch weights with the inferred config and the given top-k, and refuses an unusable one', () => {
    const before = tf.memory().numTensors;
    expect(() => loadModelFile(fixture('barlow-sae.pth'), 'barlow-sae.pth', defaultConfig())).toThrow(
      /barlow-sae\.pth: the inferred config is not usable \(projector\.sae\.topK: top-k \(64\) cannot exceed the SAE latent dim \(48\)\)/,
    );
    const loaded = loadModelFile(fixture('barlow-sae.pth'), 'barlow-sae.pth', defaultConfig(), (c) => (c.projector.sae.topK = 10));
    expect(loaded.config.projector.sae).toEqual({ enabled: true, latentDim: 48, topK: 10 });
    expect(loaded.description).toContain('SAE top-k = 10 (the command line)');
    loaded.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
