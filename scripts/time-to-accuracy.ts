// Time to accuracy (not a test): the headless trainer and the PyTorch reference (scripts/torch/
// train_cifar.py: same net, objective, LARS schedule and augmentation recipe, one thread) train
// on the same CIFAR-10-format tarball with the same budget, then evaluate Z1 and Z2 the same way
// (weighted kNN, linear probe). Real CIFAR cannot be downloaded on the development machines, so
// the tarball holds the synthetic set's images (scripts/lib/cifar-tarball.ts); with --data-file
// a real cifar-10-binary.tar.gz is used instead.
//
//   npm run bench:tta -- [--epochs 6] [--train 8192] [--test 2000] [--backend wasm]
//     [--torch /usr/bin/python3 | none] [--data-file PATH] [--flags "--lmbd 0.1 ..."]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SYNTHETIC_DATA_SEED } from '../src/data/catalog';
import { syntheticDataset } from '../src/data/synthetic';
import { parseTrainArgs } from '../src/engine/cli-args';
import type { RunConfig } from '../src/core/config';
import { writeCifar10Tarball } from './lib/cifar-tarball';
import { scriptPath } from './lib/script-path';
import { torchStepSettings, torchUnsupported } from './lib/torch-reference';

interface Options {
  epochs: number;
  train: number;
  test: number;
  backend: string;
  torch: string;
  dataFile?: string;
  flags: string[];
}

function parseOptions(argv: string[]): Options {
  const o: Options = { epochs: 6, train: 8192, test: 2000, backend: 'wasm', torch: '/usr/bin/python3', flags: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--epochs') o.epochs = Number(value);
    else if (flag === '--train') o.train = Number(value);
    else if (flag === '--test') o.test = Number(value);
    else if (flag === '--backend') o.backend = value;
    else if (flag === '--torch') o.torch = value;
    else if (flag === '--data-file') o.dataFile = value;
    else if (flag === '--flags') o.flags = value.split(/\s+/).filter(Boolean);
    else throw new Error(`unknown flag ${flag} (--epochs, --train, --test, --backend, --torch, --data-file, --flags)`);
  }
  return o;
}

interface Accuracies {
  z1KnnTop1: number;
  z1LinearTop1: number;
  z2KnnTop1: number;
  z2LinearTop1: number;
}

/**
 * Runs the bundled headless trainer. Training time: the sum of its logged step times (every
 * interval's stepMillis x its steps), i.e. without start-up, data loading and evaluations, as
 * the PyTorch figure is its training loop alone; the process's wall time is reported beside.
 */
function runLab(argv: string[]): Promise<Accuracies & { trainSeconds: number; wallSeconds: number; evalSeconds: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--enable-source-maps', '.build/node/train.mjs', ...argv], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - start) / 1000;
      if (code !== 0) return reject(new Error(`the headless trainer exited with ${code}`));
      const lines = out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, number | string>);
      const evaluation = lines.filter((l) => l.type === 'evaluation').pop();
      if (!evaluation) return reject(new Error('the headless trainer printed no evaluation'));
      let previous = 0;
      let trainMs = 0;
      for (const m of lines.filter((l) => l.type === 'metrics')) {
        trainMs += Number(m.stepMillis) * (Number(m.step) - previous);
        previous = Number(m.step);
      }
      resolve({
        z1KnnTop1: Number(evaluation.z1KnnTop1),
        z1LinearTop1: Number(evaluation.z1LinearTop1),
        z2KnnTop1: Number(evaluation.z2KnnTop1),
        z2LinearTop1: Number(evaluation.z2LinearTop1),
        trainSeconds: trainMs / 1000,
        wallSeconds: wall,
        evalSeconds: Number(evaluation.seconds),
      });
    });
  });
}

function runTorch(python: string, config: RunConfig, tarball: string): (Accuracies & { trainSeconds: number; evalSeconds: number }) | string {
  const unsupported = torchUnsupported(config);
  if (unsupported) return unsupported;
  const input = {
    tarball,
    ...torchStepSettings(config),
    warmupEpochs: config.optim.warmupEpochs,
    warmupStartLr: config.optim.warmupStartLr,
    minLr: config.optim.minLr,
    epochs: config.train.epochs,
    seed: config.seed,
    evalTrain: config.eval.trainSubset,
    knnK: config.eval.knnK,
    knnTemperature: config.eval.knnTemperature,
    probeEpochs: config.eval.probeEpochs,
    probeLr: config.eval.probeLr,
    probeBatch: 256,
    probeWeightDecay: 1e-5,
  };
  const result = spawnSync(python, [scriptPath('torch/train_cifar.py'), JSON.stringify(input)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.error) return `${python}: ${result.error.message}`;
  if (result.status !== 0) return `${python} scripts/torch/train_cifar.py exited with ${result.status}`;
  return JSON.parse(result.stdout.trim().split('\n').pop() as string) as Accuracies & { trainSeconds: number; evalSeconds: number };
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  mkdirSync('.bench', { recursive: true });
  let tarball = o.dataFile;
  if (!tarball) {
    tarball = join('.bench', `cifar10-synthetic-${o.train}-${o.test}.tar.gz`);
    const data = syntheticDataset({ trainSize: o.train, testSize: o.test, seed: SYNTHETIC_DATA_SEED });
    await writeCifar10Tarball(tarball, data.train, data.test);
    process.stderr.write(`time-to-accuracy: ${o.train} + ${o.test} synthetic images written as ${tarball} (CIFAR-10 binary format)\n`);
  }
  const argv = ['--dataset', 'cifar10', '--data-file', tarball, '--epochs', String(o.epochs), ...o.flags];
  const { config } = parseTrainArgs(argv);
  const labArgv = [...argv, '--backend', o.backend, '--out', join('.bench', 'time-to-accuracy.zip')];
  process.stderr.write(`time-to-accuracy: lab: npm run train -- ${labArgv.join(' ')}\n`);
  const lab = await runLab(labArgv);
  process.stderr.write(`time-to-accuracy: PyTorch: ${o.torch} scripts/torch/train_cifar.py (same config)\n`);
  const torch = o.torch === 'none' ? 'skipped (--torch none)' : runTorch(o.torch, config, tarball);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const net = config.encoder.kind === 'convnet' ? `ConvNet [${config.encoder.convChannels.join(',')}]` : `ResNet-18 w${config.encoder.width}`;
  console.log(`\n${net}, batch ${config.train.batchSize}, ${o.epochs} epochs of ${o.train} images, one thread each:`);
  console.log('| trainer | train s | Z1 kNN | Z1 probe | Z2 kNN | Z2 probe | eval s |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(
    `| lab (${o.backend}) | ${lab.trainSeconds.toFixed(0)} | ${pct(lab.z1KnnTop1)} | ${pct(lab.z1LinearTop1)} | ${pct(lab.z2KnnTop1)} | ${pct(lab.z2LinearTop1)} | ${lab.evalSeconds.toFixed(0)} |`,
  );
  if (typeof torch === 'string') console.log(`PyTorch: ${torch}`);
  else {
    console.log(
      `| PyTorch + torchvision | ${torch.trainSeconds.toFixed(0)} | ${pct(torch.z1KnnTop1)} | ${pct(torch.z1LinearTop1)} | ${pct(torch.z2KnnTop1)} | ${pct(torch.z2LinearTop1)} | ${torch.evalSeconds.toFixed(0)} |`,
    );
    console.log(`time ratio lab / PyTorch: ${(lab.trainSeconds / torch.trainSeconds).toFixed(2)}`);
  }
  console.log(
    `Train s: the training steps alone (lab: the sum of its logged step times; its process took ${lab.wallSeconds.toFixed(0)} s in all). Eval s: the final evaluation.`,
  );
  console.log(JSON.stringify({ bench: 'time-to-accuracy', epochs: o.epochs, train: o.train, test: o.test, lab, torch }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
