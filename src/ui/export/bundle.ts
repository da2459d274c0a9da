// A run bundle: one zip that carries a run to another browser.
//   run.json           { format, version, run: RunRecord }
//   metrics.jsonl      one MetricPoint per line (the exact history)
//   evaluations.jsonl  one EvalResult per line
//   checkpoint.zip     the engine's checkpoint file, when the run has one (continue training)
// Reading validates everything a person could have edited and says what is wrong.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { configFromPartial } from '../../core/config-paths';
import { validateConfig } from '../../core/config-validate';
import type { EvalResult, MetricPoint, RunRecord, RunStatus } from '../../engine/run-types';
import { fromJsonLines, readEvaluation, readMetricPoint, toJsonLines } from './serialize';

export const BUNDLE_FORMAT = 'bottleneck-lab/run-bundle';
export const BUNDLE_VERSION = 1;

export interface RunBundle {
  run: RunRecord;
  metrics: MetricPoint[];
  evaluations: EvalResult[];
  checkpoint?: Uint8Array;
}

export class BundleError extends Error {
  constructor(fileName: string, problem: string) {
    super(`${fileName} is not a usable run bundle: ${problem}`);
    this.name = 'BundleError';
  }
}

export function encodeBundle(bundle: RunBundle): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 | 6 }]> = {
    'run.json': [strToU8(JSON.stringify({ format: BUNDLE_FORMAT, version: BUNDLE_VERSION, run: bundle.run }, null, 1)), { level: 6 }],
    'metrics.jsonl': [strToU8(toJsonLines(bundle.metrics)), { level: 6 }],
    'evaluations.jsonl': [strToU8(toJsonLines(bundle.evaluations)), { level: 6 }],
  };
  // The checkpoint is itself a zip of float32 weights: compressing it again gains nothing.
  if (bundle.checkpoint) files['checkpoint.zip'] = [bundle.checkpoint, { level: 0 }];
  return zipSync(files);
}

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'paused', 'interrupted', 'done', 'stopped', 'diverged', 'failed'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readRun(fileName: string, raw: unknown): RunRecord {
  if (!isObject(raw) || raw.format !== BUNDLE_FORMAT) throw new BundleError(fileName, `run.json does not declare format "${BUNDLE_FORMAT}"`);
  if (raw.version !== BUNDLE_VERSION)
    throw new BundleError(fileName, `bundle version ${String(raw.version)} is not supported (this build reads ${BUNDLE_VERSION})`);
  const run = raw.run;
  if (!isObject(run)) throw new BundleError(fileName, 'run.json has no run record');
  const { config, problems } = configFromPartial(run.config);
  const invalid = validateConfig(config).map((p) => `${p.path}: ${p.message}`);
  if (problems.length || invalid.length) throw new BundleError(fileName, `its config is not valid (${[...problems, ...invalid].slice(0, 4).join('; ')})`);
  if (typeof run.name !== 'string' || !run.name.trim()) throw new BundleError(fileName, 'the run has no name');
  const status = STATUSES.includes(run.status as RunStatus) ? (run.status as RunStatus) : 'stopped';
  const number = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  return {
    ...(run as unknown as RunRecord),
    config,
    name: run.name,
    status,
    datasetId: typeof run.datasetId === 'string' ? run.datasetId : config.data.dataset,
    createdAt: number(run.createdAt, Date.now()),
    updatedAt: number(run.updatedAt, Date.now()),
    step: number(run.step, 0),
    totalSteps: number(run.totalSteps, 0),
    trainMillis: number(run.trainMillis, 0),
  };
}

function readLines<T>(fileName: string, file: string, bytes: Uint8Array | undefined, read: (raw: unknown) => T | string): T[] {
  if (!bytes) return [];
  let rows: unknown[];
  try {
    rows = fromJsonLines(strFromU8(bytes), file);
  } catch (err) {
    throw new BundleError(fileName, (err as Error).message);
  }
  return rows.map((raw, i) => {
    const value = read(raw);
    if (typeof value === 'string') throw new BundleError(fileName, `${file}, line ${i + 1}: ${value}`);
    return value;
  });
}

/** Unpacks and validates a bundle (the run keeps its stored id; the importer assigns a new one). */
export function decodeBundle(bytes: Uint8Array, fileName = 'bundle'): RunBundle {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (err) {
    throw new BundleError(fileName, `it is not a readable zip file (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!files['run.json']) {
    const hint = files['manifest.json'] ? ' (this looks like a checkpoint: import it as a checkpoint)' : '';
    throw new BundleError(fileName, `the zip holds no run.json${hint}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(strFromU8(files['run.json']));
  } catch {
    throw new BundleError(fileName, 'run.json is not valid JSON');
  }
  const run = readRun(fileName, raw);
  const metrics = readLines(fileName, 'metrics.jsonl', files['metrics.jsonl'], readMetricPoint).sort((a, b) => a.step - b.step);
  const evaluations = readLines(fileName, 'evaluations.jsonl', files['evaluations.jsonl'], readEvaluation).sort((a, b) => a.step - b.step);
  return { run, metrics, evaluations, checkpoint: files['checkpoint.zip'] };
}

/** File-name-safe slug of a run name. */
export function fileSlug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'run'
  );
}
