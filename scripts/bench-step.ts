// Benchmark: wall time of one real training step (augment + forward + backward + LARS update,
// the Trainer's own step) per backend and network, on the synthetic set. Prints a table; never
// asserts a time. `npm run bench:step -- --backends cpu,wasm --configs convnet-s,resnet8`
//   --backends  cpu,wasm (default both)
//   --configs   names from CONFIGS below (default all)
//   --steps     timed steps after one warm-up step (default 3)
//   --budget    seconds of timed steps per row at most (default 60; a slow row times 1 step)
//   --conv-gradient builtin|DX/DW   force the conv gradient on every backend, e.g. conv/conv,
//               transpose/im2col (default: convGradientFor's choice per backend, conv.ts)
import { defaultConfig, type RunConfig } from '../src/core/config';
import { convGradientFor, forceConvGradient, type ConvGradient } from '../src/core/nn/conv';
import { describeNodeBackend, useNodeBackend } from '../src/engine/backends/node';
import type { BackendName } from '../src/engine/backends/types';
import { Trainer } from '../src/engine/trainer';
import { loadDatasetForNode } from './lib/node-datasets';

interface BenchConfig {
  name: string;
  label: string;
  edit: (c: RunConfig) => void;
}

const convnet = (channels: number[], batch: number) => (c: RunConfig) => {
  c.encoder = { ...c.encoder, kind: 'convnet', convChannels: channels };
  c.train.batchSize = batch;
};

const CONFIGS: BenchConfig[] = [
  { name: 'convnet-l', label: 'ConvNet [32,64,128] b64', edit: convnet([32, 64, 128], 64) },
  { name: 'convnet-m', label: 'ConvNet [16,32,64] b32', edit: convnet([16, 32, 64], 32) },
  { name: 'convnet-s', label: 'ConvNet [8,16] b16', edit: convnet([8, 16], 16) },
  {
    name: 'resnet8',
    label: 'ResNet-18 w8 b16',
    edit: (c) => {
      c.encoder = { ...c.encoder, kind: 'resnet18', width: 8 };
      c.train.batchSize = 16;
    },
  },
];

interface Options {
  backends: BackendName[];
  configs: BenchConfig[];
  steps: number;
  budgetSeconds: number;
  convGradient?: ConvGradient;
}

function parseOptions(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bench-step: expected --flag value pairs, got "${argv[i]}"`);
    flags.set(argv[i].slice(2), argv[i + 1]);
  }
  const backends = (flags.get('backends') ?? 'cpu,wasm').split(',') as BackendName[];
  const names = flags.get('configs')?.split(',');
  const configs = names
    ? names.map((n) => CONFIGS.find((c) => c.name === n) ?? fail(`unknown config ${n} (${CONFIGS.map((c) => c.name).join(', ')})`))
    : CONFIGS;
  return {
    backends,
    configs,
    steps: Number(flags.get('steps') ?? 3),
    budgetSeconds: Number(flags.get('budget') ?? 60),
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

function describeGradient(g: ConvGradient): string {
  return g === 'builtin' ? 'built-in conv grad' : `dx ${g.input}, dw ${g.filter}`;
}

function fail(message: string): never {
  process.stderr.write(`bench-step: ${message}\n`);
  process.exit(2);
}

interface Row {
  config: string;
  backend: string;
  firstMs: number;
  stepMs: number;
  steps: number;
}

async function benchOne(bench: BenchConfig, options: Options): Promise<Row> {
  const config = defaultConfig();
  bench.edit(config);
  // Enough images for the timed steps without repeating an epoch boundary; logging never
  // interrupts (one metrics read at the end of each runInterval).
  config.data.syntheticTrainSize = config.train.batchSize * (options.steps + 2);
  config.data.syntheticTestSize = 16;
  config.train.logEvery = 1_000_000;
  const dataset = await loadDatasetForNode(config);
  const trainer = new Trainer(config, dataset);
  try {
    let start = performance.now();
    await trainer.runInterval({ maxSteps: 1 }); // kernel set-up, weight packing
    const firstMs = performance.now() - start;
    const steps = Math.max(1, Math.min(options.steps, Math.floor((options.budgetSeconds * 1000) / firstMs)));
    start = performance.now();
    await trainer.runInterval({ maxSteps: steps });
    const stepMs = (performance.now() - start) / steps;
    return { config: bench.label, backend: '', firstMs, stepMs, steps };
  } finally {
    trainer.dispose();
  }
}

function table(rows: Row[]): string {
  const header = ['config', 'backend', 'first step s', 'ms/step', 'img/s', 'timed steps'];
  const lines = rows.map((r) => {
    const batch = Number(/b(\d+)$/.exec(r.config)?.[1] ?? 0);
    return [r.config, r.backend, (r.firstMs / 1000).toFixed(1), r.stepMs.toFixed(0), ((batch * 1000) / r.stepMs).toFixed(1), String(r.steps)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]): string => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [fmt(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...lines.map(fmt)].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  forceConvGradient(options.convGradient);
  const rows: Row[] = [];
  for (const backend of options.backends) {
    await useNodeBackend(backend);
    const described = await describeNodeBackend();
    for (const bench of options.configs) {
      process.stderr.write(`bench-step: ${bench.label} on ${described}...\n`);
      const row = await benchOne(bench, options);
      row.backend = described.startsWith('wasm') ? 'wasm' : described;
      row.backend += ` (${describeGradient(options.convGradient ?? convGradientFor(backend))})`;
      rows.push(row);
      process.stderr.write(`  first step ${(row.firstMs / 1000).toFixed(1)} s, ${row.stepMs.toFixed(0)} ms/step over ${row.steps}\n`);
    }
    process.stdout.write(`${backend}: ${described}\n`);
  }
  process.stdout.write(`\n${table(rows)}\n`);
}

main().catch((err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
