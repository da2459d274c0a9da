// Runs the PyTorch reference of a training step (scripts/torch/bench_step.py) with a run
// config's net, batch, objective and recipe, one thread. PyTorch is never a dependency of the
// app: Debian's python3-torch and python3-torchvision (`apt-get install -y python3-torch
// python3-torchvision`), found at /usr/bin/python3 by default.
import { spawnSync } from 'node:child_process';
import type { RunConfig } from '../../src/core/config';
import { scriptPath } from './script-path';

export interface TorchFigures {
  torchVersion: string;
  torchvisionVersion: string;
  threads: number;
  networkMs: number;
  withAugmentMs: number;
  networkCpuMs: number;
  withAugmentCpuMs: number;
}

/** Why the PyTorch scripts cannot mirror `config`, or undefined when they can. */
export function torchUnsupported(config: RunConfig): string | undefined {
  return config.encoder.kind !== 'convnet' || config.method !== 'simclr' ? 'the PyTorch reference covers SimCLR on the ConvNet' : undefined;
}

/** The settings both PyTorch scripts (bench_step.py, train_cifar.py) read: net, objective, optimiser, recipe. */
export function torchStepSettings(config: RunConfig) {
  return {
    channels: config.encoder.convChannels,
    batch: config.train.batchSize,
    hidden: config.projector.hiddenDim,
    out: config.projector.outputDim,
    temperature: config.loss.temperature,
    lmbd: config.loss.lmbd,
    lr: config.optim.lr,
    classifierLr: config.optim.classifierLr,
    momentum: config.optim.momentum,
    weightDecay: config.optim.weightDecay,
    eta: config.optim.larsEta,
    clip: config.optim.larsClip,
    views: config.aug.views,
  };
}

/** The figures, or why there are none (no python, no torch, a failure): never throws. */
export function runTorchReference(python: string, config: RunConfig, steps: number): TorchFigures | string {
  const unsupported = torchUnsupported(config);
  if (unsupported) return unsupported;
  const input = { ...torchStepSettings(config), classes: 10, steps };
  const result = spawnSync(python, [scriptPath('torch/bench_step.py'), JSON.stringify(input)], { encoding: 'utf8', timeout: 30 * 60_000 });
  if (result.error) return `${python}: ${result.error.message}`;
  if (result.status !== 0) {
    const why = result.stderr.includes('No module named')
      ? 'PyTorch is not installed there (apt-get install -y python3-torch python3-torchvision)'
      : result.stderr.trim().split('\n').slice(-3).join(' ');
    return `${python} scripts/torch/bench_step.py failed: ${why}`;
  }
  return JSON.parse(result.stdout.trim().split('\n').pop() as string) as TorchFigures;
}
