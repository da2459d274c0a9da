// Benchmark of one evaluation point: `npx tsx scripts/bench-eval.ts [--backend cpu|wasm|both]
// [--train 10000] [--test 10000] [--channels 32,64,128] [--chunk 256] [--probe-epochs 30]
// [--ssl-steps N [--batch 64]]`.
// Synthetic set at the requested sizes, an untrained model of the default config (ConvNet
// [32,64,128], projector 512 → 128), DEFAULT_EVAL_OPTIONS otherwise. Times every phase of
// evaluateModel (the production path) plus a TSV export, and prints one JSON line per backend.
// Untrained weights: accuracies are near chance; the point is time and memory.
//
// Runs under plain Node + tsx: evaluation needs no gradient kernels (the probe's gradient is
// analytic), so tfjs-core's register_all_gradients (a directory import plain Node cannot load)
// is never imported. Nothing is asserted; figures only (testing.md: never assert a time).
//
// --ssl-steps N is the script-level model check instead: evaluate the untrained model, train it
// N SimCLR steps with the real Trainer, evaluate again, print Z1/Z2 before → after. The Trainer
// needs registered gradients, so this mode works in the Vite node build only, not under tsx.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { defaultConfig } from '../src/core/config';
import { createModel } from '../src/core/nn/model';
import { SYNTHETIC_DATA_SEED } from '../src/data/catalog';
import { syntheticDataset } from '../src/data/synthetic';
import { evalOptions, evaluateModel, type EvalPhase } from '../src/eval/evaluate';
import { extractFeatures } from '../src/eval/features';
import { projectorFiles } from '../src/eval/tsv';

interface Args {
  backends: string[];
  train: number;
  test: number;
  channels: number[];
  chunk: number;
  probeEpochs: number;
  sslSteps: number;
  batch: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { backends: ['cpu', 'wasm'], train: 10_000, test: 10_000, channels: [32, 64, 128], chunk: 256, probeEpochs: 30, sslSteps: 0, batch: 64 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--backend') args.backends = value === 'both' ? ['cpu', 'wasm'] : [value];
    else if (flag === '--train') args.train = Number(value);
    else if (flag === '--test') args.test = Number(value);
    else if (flag === '--channels') args.channels = value.split(',').map(Number);
    else if (flag === '--chunk') args.chunk = Number(value);
    else if (flag === '--probe-epochs') args.probeEpochs = Number(value);
    else if (flag === '--ssl-steps') args.sslSteps = Number(value);
    else if (flag === '--batch') args.batch = Number(value);
    else throw new Error(`unknown flag ${flag}`);
  }
  return args;
}

async function useBackend(name: string): Promise<boolean> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  const ok = await tf.setBackend(name);
  await tf.ready();
  return ok;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(2);

async function bench(backend: string, args: Args, dataset: ReturnType<typeof syntheticDataset>): Promise<void> {
  if (!(await useBackend(backend))) {
    console.log(`${backend}: failed to initialise, skipped`);
    return;
  }
  const config = defaultConfig();
  config.encoder = { ...config.encoder, kind: 'convnet', convChannels: args.channels };
  const model = createModel(config, dataset.info.numClasses);
  const tensorsBefore = tf.memory().numTensors;
  const options = evalOptions({ trainSubset: args.train, testSubset: args.test, chunkSize: args.chunk, probe: { epochs: args.probeEpochs } });

  // Warm-up: one small chunk, so kernel set-up (and wasm compilation) is not timed.
  await extractFeatures(model, { count: 8, images: dataset.test.images.subarray(0, 8 * 3072), labels: dataset.test.labels.subarray(0, 8) }, { chunkSize: 8 });

  const phaseStart = new Map<EvalPhase, number>();
  const result = await evaluateModel(model, dataset, options, 0, 0, {
    onProgress: (phase) => {
      if (!phaseStart.has(phase)) phaseStart.set(phase, performance.now());
    },
  });
  const end = performance.now();
  const order = [...phaseStart.entries()];
  const phases: Record<string, number> = {};
  order.forEach(([phase, start], i) => (phases[phase] = (order[i + 1]?.[1] ?? end) - start));

  const tsvStart = performance.now();
  const exportCount = Math.min(1000, dataset.test.count);
  const exportSplit = { count: exportCount, images: dataset.test.images.subarray(0, exportCount * 3072), labels: dataset.test.labels.subarray(0, exportCount) };
  const features = await extractFeatures(model, exportSplit, { chunkSize: args.chunk });
  const files = projectorFiles(features.z1, features.count, features.dims.z1, features.labels, dataset.info.classNames);
  const tsvChars = files['vectors.tsv'].reduce((n, part) => n + part.length, 0);
  const tsvMillis = performance.now() - tsvStart;
  const leaked = tf.memory().numTensors - tensorsBefore;
  model.dispose();

  const perImage = (phases['extract-test'] / result.protocol.testImages).toFixed(2);
  console.log(
    `\n${backend}: ConvNet [${args.channels.join(', ')}], ${result.protocol.trainImages} train / ${result.protocol.testImages} test images, chunk ${args.chunk}`,
  );
  console.log(`  extract train features   ${seconds(phases['extract-train'])} s`);
  console.log(`  extract test features    ${seconds(phases['extract-test'])} s (${perImage} ms/image)`);
  console.log(
    `  linear probe Z1 (D=${features.dims.z1})    ${seconds(phases['probe-z1'])} s (${args.probeEpochs} epochs on ${result.protocol.trainImages} features)`,
  );
  console.log(`  kNN Z1                   ${seconds(phases['knn-z1'])} s (k=${result.protocol.knnK})`);
  console.log(`  linear probe Z2 (P=${features.dims.z2})    ${seconds(phases['probe-z2'])} s`);
  console.log(`  kNN Z2                   ${seconds(phases['knn-z2'])} s`);
  console.log(`  PCA + UMAP embedding (2 x ${result.protocol.embeddingSample}) ${seconds(phases.embedding ?? 0)} s`);
  console.log(`  total evaluateModel      ${seconds(result.millis)} s; tensors leaked: ${leaked}`);
  console.log(`  TSV export, ${exportCount} x ${features.dims.z1} (extract + format) ${seconds(tsvMillis)} s, ${(tsvChars / 1e6).toFixed(1)} MB`);
  console.log(
    `  scores (untrained): Z1 probe ${result.z1.linearTop1.toFixed(3)}, kNN ${result.z1.knnTop1.toFixed(3)}; Z2 probe ${result.z2.linearTop1.toFixed(3)}, kNN ${result.z2.knnTop1.toFixed(3)}`,
  );
  console.log(
    JSON.stringify({
      bench: 'eval',
      backend,
      channels: args.channels,
      trainImages: result.protocol.trainImages,
      testImages: result.protocol.testImages,
      chunk: args.chunk,
      phasesMs: phases,
      totalMs: result.millis,
      tsvMs: tsvMillis,
      leaked,
    }),
  );
}

/** The script-level model check: SimCLR-train briefly, compare evaluations before and after. */
async function sslCheck(backend: string, args: Args, dataset: ReturnType<typeof syntheticDataset>): Promise<void> {
  if (!(await useBackend(backend))) return void console.log(`${backend}: failed to initialise, skipped`);
  const { Trainer } = await import('../src/engine/trainer'); // imports register_all_gradients: Vite build only
  const config = defaultConfig();
  config.encoder = { ...config.encoder, kind: 'convnet', convChannels: args.channels };
  config.train = { ...config.train, batchSize: args.batch, epochs: Math.max(1, Math.ceil(args.sslSteps / Math.floor(args.train / args.batch))), logEvery: 10 };
  const trainer = new Trainer(config, dataset);
  const options = evalOptions({ trainSubset: args.train, testSubset: args.test, chunkSize: args.chunk, probe: { epochs: args.probeEpochs } });
  const before = await evaluateModel(trainer.model, dataset, options, 0, 0);
  const start = performance.now();
  while (trainer.step < args.sslSteps) {
    const point = await trainer.runInterval({ maxSteps: args.sslSteps - trainer.step });
    if (point) console.log(`  step ${point.step}: ssl loss ${point.values.sslLoss.toFixed(4)}, ${point.stepMillis.toFixed(0)} ms/step`);
  }
  const trainMillis = performance.now() - start;
  const after = await evaluateModel(trainer.model, dataset, options, trainer.step, trainer.epoch);
  trainer.dispose();
  const fmt = (a: number, b: number): string => `${a.toFixed(3)} → ${b.toFixed(3)}`;
  console.log(
    `\n${backend}: SimCLR ${trainer.step} steps of ${args.batch} in ${seconds(trainMillis)} s, ConvNet [${args.channels.join(', ')}], ${args.train} train / ${args.test} test images`,
  );
  console.log(`  Z1 probe ${fmt(before.z1.linearTop1, after.z1.linearTop1)}, kNN ${fmt(before.z1.knnTop1, after.z1.knnTop1)}`);
  console.log(`  Z2 probe ${fmt(before.z2.linearTop1, after.z2.linearTop1)}, kNN ${fmt(before.z2.knnTop1, after.z2.knnTop1)}`);
  console.log(
    JSON.stringify({
      bench: 'eval-ssl-check',
      backend,
      steps: trainer.step,
      batch: args.batch,
      before: { z1: before.z1, z2: before.z2 },
      after: { z1: after.z1, z2: after.z2 },
      trainMs: trainMillis,
    }),
  );
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const dataset = syntheticDataset({ trainSize: args.train, testSize: args.test, seed: SYNTHETIC_DATA_SEED });
  console.log(`synthetic set generated: ${args.train} + ${args.test} images in ${seconds(performance.now() - t0)} s`);
  for (const backend of args.backends) await (args.sslSteps > 0 ? sslCheck(backend, args, dataset) : bench(backend, args, dataset));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
