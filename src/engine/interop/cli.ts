// Flags of the two interop commands (scripts/export.ts, scripts/features.ts). Parsed here, so
// they are tested; each error says what to fix.
//   npm run export -- CHECKPOINT.zip --format safetensors|solo-learn-yaml [--out FILE] [--name NAME]
//   npm run features -- --weights FILE [--data-file TAR | --dataset synthetic] [--split test|train]
//                       [--limit N] [--out DIR] [--topk K] [--point-num L] [--backend wasm|cpu]
import type { DatasetId } from '../../core/config';
import type { BackendName } from '../backends/types';

export type ExportFormat = 'safetensors' | 'solo-learn-yaml';

export interface ExportArgs {
  checkpoint: string;
  format: ExportFormat;
  out: string;
  name?: string;
}

export interface FeaturesArgs {
  weights: string;
  dataFile?: string;
  dataset?: DatasetId;
  split: 'test' | 'train';
  limit: number;
  out: string;
  topK?: number;
  pointNum?: number;
  backend: BackendName;
}

function flags(argv: string[], allowed: readonly string[]): { values: Map<string, string>; positional: string[] } {
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!allowed.includes(name)) throw new Error(`unknown flag --${name} (known: ${allowed.map((f) => `--${f}`).join(', ')})`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
    values.set(name, value);
  }
  return { values, positional };
}

function positiveInt(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got "${text}"`);
  return n;
}

const EXTENSIONS: Record<ExportFormat, string> = { safetensors: '.safetensors', 'solo-learn-yaml': '.yaml' };

export function parseExportArgs(argv: string[]): ExportArgs {
  const { values, positional } = flags(argv, ['format', 'out', 'name']);
  if (positional.length !== 1) throw new Error(`give exactly one lab checkpoint (.zip), got ${positional.length ? positional.join(' ') : 'none'}`);
  const format = values.get('format');
  if (format !== 'safetensors' && format !== 'solo-learn-yaml') throw new Error(`--format must be safetensors or solo-learn-yaml, got ${format ?? 'nothing'}`);
  const checkpoint = positional[0];
  return { checkpoint, format, out: values.get('out') ?? checkpoint.replace(/\.zip$/i, '') + EXTENSIONS[format], name: values.get('name') };
}

export function parseFeaturesArgs(argv: string[]): FeaturesArgs {
  const { values, positional } = flags(argv, ['weights', 'data-file', 'dataset', 'split', 'limit', 'out', 'topk', 'point-num', 'backend']);
  if (positional.length) throw new Error(`unexpected argument "${positional[0]}" (flags look like --name value)`);
  const weights = values.get('weights');
  if (!weights) throw new Error('--weights FILE is required (a lab checkpoint .zip, .safetensors, .ckpt, .pth or .pt)');
  const dataset = values.get('dataset');
  if (dataset !== undefined && dataset !== 'synthetic' && dataset !== 'cifar10' && dataset !== 'cifar100') {
    throw new Error(`--dataset must be synthetic, cifar10 or cifar100, got "${dataset}"`);
  }
  const dataFile = values.get('data-file');
  if (!dataFile && dataset !== 'synthetic')
    throw new Error('--data-file TAR is required (cifar-10-binary.tar.gz or cifar-100-binary.tar.gz), or --dataset synthetic');
  const split = values.get('split') ?? 'test';
  if (split !== 'test' && split !== 'train') throw new Error(`--split must be test or train, got "${split}"`);
  const backend = values.get('backend') ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`--backend must be wasm or cpu, got "${backend}"`);
  return {
    weights,
    dataFile,
    dataset: dataset as DatasetId | undefined,
    split,
    limit: positiveInt('limit', values.get('limit'), 1) ?? 10_000,
    out: values.get('out') ?? 'features',
    topK: positiveInt('topk', values.get('topk'), 1),
    pointNum: positiveInt('point-num', values.get('point-num'), 0),
    backend,
  };
}
