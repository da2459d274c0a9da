// A lab checkpoint exported to safetensors and read back gives the same model: the same Z1
// and Z2 for the same images, bit for bit (the same float32 values through the same ops).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../../core/config';
import { createModel } from '../../core/nn/model';
import { extractFeatures } from '../../eval/features';
import { syntheticDataset } from '../../data/synthetic';
import { LAB_METADATA, readSafetensors, stateLayout } from '../../interop';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/format';
import { safetensorsFromCheckpoint } from './export-weights';
import { inspectWeights, modelFromWeights } from './import-weights';

const images = syntheticDataset({ trainSize: 16, testSize: 8, seed: 7 }).test;

function tiny(change: (c: RunConfig) => void): RunConfig {
  const c = defaultConfig();
  c.projector.hiddenDim = 12;
  c.projector.outputDim = 6;
  c.projector.sae = { enabled: false, latentDim: 20, topK: 5 };
  change(c);
  return c;
}

const CASES: [string, RunConfig][] = [
  [
    'ResNet-18 width 2, Barlow Twins + SAE, point_num 5',
    tiny((c) => ((c.encoder.kind = 'resnet18'), (c.encoder.width = 2), (c.method = 'barlow'), (c.projector.sae.enabled = true), (c.projector.pointNum = 5))),
  ],
  ['ConvNet [4, 8], SimCLR', tiny((c) => (c.encoder.convChannels = [4, 8]))],
];

describe('export to safetensors', () => {
  it.each(CASES)('%s: read back, the same features exactly; PyTorch names, int64 num_batches_tracked, config in metadata', async (_name, config) => {
    const model = createModel(config, 10, 3);
    // Running statistics away from their 0/1 start, so a misplaced one changes the features.
    for (const [name, v] of model.store.bufferEntries())
      v.assign(tf.tidy(() => tf.add(tf.randomUniform(v.shape, 0.2, 0.9, 'float32', name.length), name.endsWith('Var') ? 0.5 : 0)));
    const zip = await encodeCheckpoint(
      {
        config,
        numClasses: 10,
        datasetId: 'synthetic',
        step: 21,
        epoch: 1.5,
        rng: { scheme: 'per-step', seed: 0 },
        backend: 'cpu',
        createdAt: '2026-12-01T00:00:00Z',
      },
      model.store.namedState(),
      new Map(),
    );
    const checkpoint = decodeCheckpoint(zip, 'run.zip');
    const bytes = await safetensorsFromCheckpoint(checkpoint);
    tf.dispose([...checkpoint.model.values()]);

    const file = readSafetensors(bytes);
    expect([...file.tensors.keys()]).toEqual(stateLayout(config, 10).map((e) => e.torch));
    const counts = [...file.tensors].filter(([k]) => k.endsWith('num_batches_tracked'));
    expect(counts.length).toBeGreaterThan(0);
    for (const [, t] of counts) expect(t).toMatchObject({ dtype: 'int64', shape: [] });
    expect(new DataView(counts[0][1].bytes.buffer, counts[0][1].bytes.byteOffset).getBigInt64(0, true)).toBe(42n); // two forwards per step
    expect(JSON.parse(file.metadata[LAB_METADATA.config])).toEqual(config);
    expect(file.metadata.format).toBe('pt');

    const { report, mapped } = inspectWeights(bytes, 'run.safetensors', defaultConfig());
    expect(report.problems).toEqual([]);
    expect(report.config.projector).toEqual(config.projector); // top-k and point_num from the metadata
    expect(report.notes).toEqual([]);
    const back = modelFromWeights(report.config, mapped!);
    const [a, b] = [await extractFeatures(model, images, { chunkSize: 8 }), await extractFeatures(back, images, { chunkSize: 8 })];
    expect(Array.from(b.z1)).toEqual(Array.from(a.z1));
    expect(Array.from(b.z2)).toEqual(Array.from(a.z2));
    model.dispose();
    back.dispose();
  });
});
