// The built-in synthetic set, generated from its seed and cached like CIFAR, so every consumer
// reads one interface (loadDataset) and a reload does not pay for generation again.
import type { DataDb } from '../cache';
import { SYNTHETIC_DATA_SEED } from '../catalog';
import { generateSyntheticSplit, SYNTHETIC_INFO } from '../synthetic';
import { runImport, VERIFY_SPAN, type ImportContext, type ImportOutcome } from './run-import';
import { writeSplit } from './write-split';

export interface SyntheticInput {
  trainSize: number;
  testSize: number;
  seed?: number; // default SYNTHETIC_DATA_SEED: every run sees the same images
}

export function importSynthetic(db: DataDb, input: SyntheticInput, ctx: ImportContext): Promise<ImportOutcome> {
  const seed = input.seed ?? SYNTHETIC_DATA_SEED;
  const { trainSize, testSize } = input;
  const init = {
    id: 'synthetic' as const,
    name: SYNTHETIC_INFO.name,
    numClasses: SYNTHETIC_INFO.numClasses,
    classNames: SYNTHETIC_INFO.classNames.slice(),
    source: { kind: 'synthetic' as const, seed, trainSize, testSize },
  };
  const total = trainSize + testSize;
  return runImport(db, init, ctx, async (writer, timings) => {
    const { progress, signal } = ctx;
    let base = 0;
    for (const split of ['train', 'test'] as const) {
      const count = split === 'train' ? trainSize : testSize;
      const span = ((1 - VERIFY_SPAN) * count) / total;
      if (writer.isSplitComplete(split)) {
        base += span;
        continue;
      }
      const start = performance.now();
      progress.begin('generate', { unit: 'images', total: count, base, span: span * 0.9 });
      // One synchronous call: the set renders at thousands of images per second in a worker.
      const data = generateSyntheticSplit(count, seed, split);
      progress.update(count, true);
      progress.begin('import', { unit: 'images', total: count, base: base + span * 0.9, span: span * 0.1 });
      await writeSplit(writer, split, data, undefined, { signal, fraction: () => progress.fraction, onChunk: (n) => progress.update(n, true) });
      progress.records += count;
      timings[`generate-${split}`] = performance.now() - start;
      base += span;
    }
  });
}
