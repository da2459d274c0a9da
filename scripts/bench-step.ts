// Benchmark of one real training step (augment + forward + backward + LARS update + metrics,
// the Trainer's own step) per backend and network, on the synthetic set. Prints figures; never
// asserts a time. `npm run bench:step -- --backends wasm --configs convnet-m`
//   --backends  cpu,wasm,webgpu (default wasm; webgpu needs a Vulkan driver: see design.md)
//   --configs   names from CONFIGS below (default convnet-m,resnet18)
//   --steps     timed steps after one warm-up step (default 5; 0: only the first step, shader
//               compiles and weight packing included, for rows too slow to repeat)
//   --budget    seconds of timed steps per row at most (default 60; a slow row times 1 step)
//   --torch     python with torch (default /usr/bin/python3; "none" skips the PyTorch reference)
//   --phases    repeats of each phase timed alone (default 3; 0 skips the phase timing but still
//               counts launches: for slow rows such as ResNet-18 on SwiftShader)
//   --conv-gradient builtin|DX/DW   force the conv gradient on every backend (conv.ts)
// Per row: wall ms/step (median), CPU ms/step of this process (less sensitive to other load
// on a shared machine), images/s, kernel launches per step (tf.profile, registered kernels
// only) and each phase's share (phases timed alone: scripts/lib/step-phases.ts). Beside the
// ConvNet rows, the same step in PyTorch (scripts/torch/bench_step.py), one thread, with and
// without torchvision's per-image augmentation, and the ratios.
import { defaultConfig, type RunConfig } from '../src/core/config';
import { convGradientFor, forceConvGradient, type ConvGradient } from '../src/core/nn/conv';
import { describeNodeBackend, useNodeBackend } from '../src/engine/backends/node';
import type { BackendName } from '../src/engine/backends/types';
import { Trainer } from '../src/engine/trainer';
import { loadDatasetForNode } from './lib/node-datasets';
import { measurePhases, PHASES, type PhaseFigures } from './lib/step-phases';
import { runTorchReference, type TorchFigures } from './lib/torch-reference';

interface BenchConfig {
  name: string;
  label: string;
  edit: (c: RunConfig) => void;
  /** The PyTorch reference runs the same net (ConvNets only). */
  torch?: { channels: number[] };
}

const convnet = (channels: number[], batch: number) => (c: RunConfig) => {
  c.encoder = { ...c.encoder, kind: 'convnet', convChannels: channels };
  c.train.batchSize = batch;
};
const resnet = (width: number, batch: number) => (c: RunConfig) => {
  c.encoder = { ...c.encoder, kind: 'resnet18', width };
  c.train.batchSize = batch;
};

const CONFIGS: BenchConfig[] = [
  { name: 'convnet-m', label: 'ConvNet [16,32,64] b32', edit: convnet([16, 32, 64], 32), torch: { channels: [16, 32, 64] } },
  { name: 'convnet-l', label: 'ConvNet [32,64,128] b64', edit: convnet([32, 64, 128], 64), torch: { channels: [32, 64, 128] } },
  { name: 'convnet-s', label: 'ConvNet [8,16] b16', edit: convnet([8, 16], 16) },
  { name: 'resnet8', label: 'ResNet-18 w8 b16', edit: resnet(8, 16) },
  { name: 'resnet18', label: 'ResNet-18 w64 b64', edit: resnet(64, 64) },
];

interface Options {
  backends: BackendName[];
  configs: BenchConfig[];
  steps: number;
  budgetSeconds: number;
  torch: string;
  phaseRepeats: number;
  convGradient?: ConvGradient;
}

function parseOptions(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) fail(`expected --flag value pairs, got "${argv[i]}"`);
    flags.set(argv[i].slice(2), argv[i + 1]);
  }
  const known = new Set(['backends', 'configs', 'steps', 'budget', 'torch', 'conv-gradient', 'phases']);
  for (const flag of flags.keys()) if (!known.has(flag)) fail(`unknown flag --${flag} (${[...known].map((k) => `--${k}`).join(', ')})`);
  const backends = (flags.get('backends') ?? 'wasm').split(',') as BackendName[];
  const names = (flags.get('configs') ?? 'convnet-m,resnet18').split(',');
  const configs = names.map((n) => CONFIGS.find((c) => c.name === n) ?? fail(`unknown config ${n} (${CONFIGS.map((c) => c.name).join(', ')})`));
  const steps = Number(flags.get('steps') ?? 5);
  if (!Number.isInteger(steps) || steps < 0) fail(`--steps must be a whole number >= 0`);
  return {
    backends,
    configs,
    steps,
    budgetSeconds: Number(flags.get('budget') ?? 60),
    torch: flags.get('torch') ?? '/usr/bin/python3',
    phaseRepeats: Number(flags.get('phases') ?? 3),
    convGradient: parseConvGradient(flags.get('conv-gradient')),
  };
}

function parseConvGradient(text: string | undefined): ConvGradient | undefined {
  if (text === undefined || text === 'builtin') return text;
  const [input, filter] = text.split('/');
  if ((input !== 'conv' && input !== 'transpose') || (filter !== 'conv' && filter !== 'im2col')) {
    fail(`--conv-gradient must be builtin or DX/DW with DX conv|transpose and DW conv|im2col, got "${text}"`);
  }
  return { input, filter };
}

function fail(message: string): never {
  process.stderr.write(`bench-step: ${message}\n`);
  process.exit(2);
}

interface Row {
  bench: BenchConfig;
  batch: number;
  backend: string;
  firstMs: number;
  stepMs: number;
  cpuMs: number;
  steps: number;
  phases: PhaseFigures;
}

async function benchOne(bench: BenchConfig, options: Options): Promise<Omit<Row, 'backend'>> {
  const config = defaultConfig();
  bench.edit(config);
  // Enough images for the timed steps without crossing an epoch boundary; logging never
  // interrupts (one metrics read at the end of each runInterval).
  config.data.syntheticTrainSize = config.train.batchSize * (options.steps + 2);
  config.data.syntheticTestSize = 16;
  config.train.logEvery = 1_000_000;
  const dataset = await loadDatasetForNode(config);
  const trainer = new Trainer(config, dataset);
  try {
    let start = performance.now();
    await trainer.runInterval({ maxSteps: 1 }); // kernel set-up, weight packing, shader compiles
    const firstMs = performance.now() - start;
    const steps = options.steps === 0 ? 0 : Math.max(1, Math.min(options.steps, Math.floor((options.budgetSeconds * 1000) / firstMs)));
    const samples: number[] = steps === 0 ? [firstMs] : [];
    const cpuStart = process.cpuUsage();
    for (let i = 0; i < steps; i++) {
      start = performance.now();
      await trainer.runInterval({ maxSteps: 1 }); // one step and its metrics read
      samples.push(performance.now() - start);
    }
    const cpu = process.cpuUsage(cpuStart);
    const stepMs = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
    const phases = await measurePhases(trainer, Math.min(options.phaseRepeats, steps));
    const cpuMs = steps === 0 ? NaN : (cpu.user + cpu.system) / 1000 / steps;
    return { bench, batch: config.train.batchSize, firstMs, stepMs, cpuMs, steps, phases };
  } finally {
    trainer.dispose();
  }
}

function table(header: string[], lines: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]): string => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [fmt(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...lines.map(fmt)].join('\n');
}

function stepTable(rows: Row[]): string {
  const header = ['config', 'backend', 'ms/step', 'CPU ms/step', 'img/s', 'launches/step', ...PHASES.map((p) => `${p} %`), 'first step s', 'steps'];
  return table(
    header,
    rows.map((r) => {
      const total = PHASES.reduce((s, p) => s + r.phases.ms[p], 0);
      const launches = PHASES.reduce((s, p) => s + r.phases.launches[p], 0);
      return [
        r.bench.label,
        r.backend,
        r.stepMs.toFixed(0),
        Number.isNaN(r.cpuMs) ? '-' : r.cpuMs.toFixed(0),
        ((r.batch * 1000) / r.stepMs).toFixed(1),
        `${launches} (${PHASES.map((p) => r.phases.launches[p]).join('+')})`,
        ...PHASES.map((p) => (total > 0 ? ((100 * r.phases.ms[p]) / total).toFixed(0) : '-')),
        (r.firstMs / 1000).toFixed(1),
        r.steps === 0 ? 'first only' : String(r.steps),
      ];
    }),
  );
}

function torchTable(rows: Row[], torch: Map<string, TorchFigures>): string {
  const lines: string[][] = [];
  const network = (of: Record<string, number>): number => of['forward+backward'] + of.optimiser + of.metrics;
  const line = (label: string, kind: string, lab: number, torchStep: number, labNet: number, torchNet: number): string[] => [
    label,
    kind,
    lab.toFixed(0),
    torchStep.toFixed(0),
    (lab / torchStep).toFixed(2),
    labNet.toFixed(0),
    torchNet.toFixed(0),
    (labNet / torchNet).toFixed(2),
  ];
  for (const r of rows) {
    const t = torch.get(r.bench.name);
    if (!t || !r.backend.startsWith('wasm')) continue;
    lines.push(line(r.bench.label, 'wall', r.stepMs, t.withAugmentMs, network(r.phases.ms), t.networkMs));
    lines.push(line(r.bench.label, 'CPU', r.cpuMs, t.withAugmentCpuMs, network(r.phases.cpuMs), t.networkCpuMs));
  }
  if (!lines.length) return '';
  const header = ['config (one thread each)', 'ms', 'lab wasm step', 'PyTorch+torchvision step', 'ratio', 'lab network', 'PyTorch network', 'ratio'];
  return table(header, lines);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  forceConvGradient(options.convGradient);
  const rows: Row[] = [];
  for (const backend of options.backends) {
    await useNodeBackend(backend);
    const described = await describeNodeBackend();
    process.stdout.write(`${backend}: ${described}\n`);
    for (const bench of options.configs) {
      process.stderr.write(`bench-step: ${bench.label} on ${described}...\n`);
      const row = { ...(await benchOne(bench, options)), backend: '' };
      const gradient = options.convGradient ?? convGradientFor(backend);
      row.backend = `${backend} (${gradient === 'builtin' ? 'built-in conv grad' : `dx ${gradient.input}, dw ${gradient.filter}`})`;
      rows.push(row);
      process.stderr.write(
        `  first step ${(row.firstMs / 1000).toFixed(1)} s, ${row.stepMs.toFixed(0)} ms/step (CPU ${row.cpuMs.toFixed(0)}) over ${row.steps}\n`,
      );
      process.stderr.write(`  kernels: ${row.phases.topKernels.map(([n, c]) => `${n} ${c}`).join(', ')}\n`);
    }
  }
  process.stdout.write(`\n${stepTable(rows)}\n`);
  process.stdout.write('Launches per step: augmentation + forward/backward + optimiser + metrics. Phase shares: each phase timed alone.\n');

  const torch = new Map<string, TorchFigures>();
  if (options.torch !== 'none') {
    for (const bench of options.configs) {
      if (!bench.torch || !rows.some((r) => r.bench === bench && r.backend.startsWith('wasm'))) continue;
      const config = defaultConfig();
      bench.edit(config);
      const figures = runTorchReference(options.torch, config, options.steps);
      if (typeof figures === 'string') process.stdout.write(`\nPyTorch reference skipped: ${figures}\n`);
      else torch.set(bench.name, figures);
    }
  }
  const comparison = torchTable(rows, torch);
  if (comparison) {
    const t = [...torch.values()][0];
    process.stdout.write(
      `\nPyTorch ${t.torchVersion} (torchvision ${t.torchvisionVersion}), ${t.threads} thread, same net, batch, objective and metrics:\n${comparison}\n`,
    );
    process.stdout.write(
      'Lab step: augmentation included (wall: median; CPU: mean of this process). Network: forward+backward, optimiser and metrics, each timed alone (medians).\n',
    );
  }
}

main().catch((err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
