// Real PyTorch, without PyTorch at test time: the fixtures in src/test/fixtures/pytorch were
// written by scripts/interop/make_fixtures.py with torch 1.13 + torchvision, together with the
// Z1/Z2 PyTorch computed for six fixed images (eval mode, CIFAR-10 normalisation). Each file
// is opened here exactly as the lab and `npm run features` open it, and the lab's features
// must equal PyTorch's to 1e-4 relative (per image: max |lab - torch| / max |torch|).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig } from '../../core/config';
import { extractFeatures } from '../../eval/features';
import type { ImageSplit } from '../../data/types';
import { inspectWeights, modelFromWeights } from './import-weights';

const DIR = join(import.meta.dirname, '../../test/fixtures/pytorch');

interface FixtureFeatures {
  z1: number[][];
  z2: number[][] | null;
  note: string;
}
const doc = JSON.parse(readFileSync(join(DIR, 'features.json'), 'utf8')) as {
  images: { count: number; data: string };
  features: Record<string, FixtureFeatures>;
};
const planes = new Uint8Array(Buffer.from(doc.images.data, 'base64'));
const split: ImageSplit = { count: doc.images.count, images: planes, labels: new Uint8Array(doc.images.count) };

/** Largest per-row relative difference. */
function relativeError(actual: Float32Array, expected: number[][]): number {
  const dim = expected[0].length;
  let worst = 0;
  expected.forEach((row, r) => {
    const scale = Math.max(...row.map(Math.abs));
    row.forEach((v, j) => (worst = Math.max(worst, Math.abs(actual[r * dim + j] - v) / scale)));
  });
  return worst;
}

// Settings the person would confirm for files that do not carry them.
const ADJUST: Record<string, (c: ReturnType<typeof defaultConfig>) => void> = {
  'barlow-sae.pth': (c) => (c.projector.sae.topK = 10),
};

describe('PyTorch fixtures', () => {
  it('covers every fixture the generator wrote', () => {
    expect(Object.keys(doc.features).sort()).toEqual([
      'backbone.pth',
      'barlow-sae.pth',
      'barlow.ckpt',
      'barlow.safetensors',
      'convnet.pth',
      'simclr-sae.ckpt',
      'simclr.ckpt',
    ]);
  });

  it.each(Object.keys(doc.features))('%s: Z1 and Z2 equal PyTorch to 1e-4 relative', async (name) => {
    const expected = doc.features[name];
    const before = tf.memory().numTensors;
    const { report, mapped } = inspectWeights(new Uint8Array(readFileSync(join(DIR, name))), name, defaultConfig(), { adjust: ADJUST[name] });
    expect(report.problems).toEqual([]);
    const model = modelFromWeights(report.config, mapped!);
    const features = await extractFeatures(model, split, { chunkSize: 4 });
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const z1 = relativeError(features.z1, expected.z1);
    const z2 = expected.z2 ? relativeError(features.z2, expected.z2) : undefined;
    console.log(
      `${name}: ${report.architecture.join('; ')} | max relative error Z1 ${z1.toExponential(2)}, Z2 ${z2?.toExponential(2) ?? '(no projector in the file)'}`,
    );
    expect(features.dims.z1).toBe(expected.z1[0].length);
    expect(z1).toBeLessThan(1e-4);
    if (expected.z2) {
      expect(features.dims.z2).toBe(expected.z2[0].length);
      expect(z2).toBeLessThan(1e-4);
    }
  });
});
