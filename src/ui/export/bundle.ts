// A run bundle: one zip that carries a run to another browser.
//   run.json           { format, version, run: RunRecord }
//   metrics.jsonl      one MetricPoint per line (the exact history)
//   evaluations.jsonl  one EvalResult per line
//   checkpoint.zip     the engine's checkpoint file, when the run has one (continue training)
// Reading validates everything a person could have edited and says what is wrong.
import { strFromU8, strToU8, zipSync } from 'fflate';
import { checkEvaluation, checkMetricPoint, checkRunRecord, type Checked } from '../../engine/run-schema';
import type { EvalResult, MetricPoint, RunRecord } from '../../engine/run-types';
import { readZipDirectory, unzipWithinLimits, ZipLimitError } from '../../engine/safe-unzip';
import { CHECKPOINT_LIMITS } from '../../engine/checkpoint/manifest-schema';
import { fromJsonLines, toJsonLines } from './serialize';

export const BUNDLE_FORMAT = 'bottleneck-lab/run-bundle';
export const BUNDLE_VERSION = 1;

const MiB = 1024 * 1024;
/**
 * What a bundle may inflate to, per member and in all (a zip bomb is refused before it is
 * inflated). 256 MiB of metrics.jsonl is ~700,000 points; an evaluation with its embedding is
 * ~50 KB, so 128 MiB is thousands of them; the checkpoint may be as large as a checkpoint may.
 */
export const BUNDLE_LIMITS = {
  members: { 'run.json': 16 * MiB, 'metrics.jsonl': 256 * MiB, 'evaluations.jsonl': 128 * MiB, 'checkpoint.zip': CHECKPOINT_LIMITS.total },
  total: 1536 * MiB,
  maxEntries: 16,
};
/** The largest file the import reads at all (a bundle's zip is never larger than what it inflates to). */
export const MAX_IMPORT_FILE_BYTES = BUNDLE_LIMITS.total;

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

/** What a zip a person chose holds, from its directory alone (nothing is inflated). */
export function sniffZip(bytes: Uint8Array, fileName: string): 'bundle' | 'checkpoint' | 'other' {
  let names: string[];
  try {
    names = readZipDirectory(bytes, fileName, BUNDLE_LIMITS.maxEntries).map((e) => e.name);
  } catch {
    return 'other'; // decodeBundle says what is wrong with it
  }
  if (names.includes('run.json')) return 'bundle';
  return names.includes('manifest.json') && names.includes('weights.bin') ? 'checkpoint' : 'other';
}

function readRun(fileName: string, raw: unknown): RunRecord {
  const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
  const header = raw as Record<string, unknown>;
  if (!isObject || header.format !== BUNDLE_FORMAT) throw new BundleError(fileName, `run.json does not declare format "${BUNDLE_FORMAT}"`);
  if (header.version !== BUNDLE_VERSION)
    throw new BundleError(fileName, `bundle version ${String(header.version)} is not supported (this build reads ${BUNDLE_VERSION})`);
  if (header.run === undefined) throw new BundleError(fileName, 'run.json has no run record');
  const run = checkRunRecord(header.run, 'import');
  if (!run.ok) throw new BundleError(fileName, `run.json: run.${run.problem}`);
  return run.value;
}

function readLines<T>(fileName: string, file: string, bytes: Uint8Array | undefined, check: (raw: unknown) => Checked<T>): T[] {
  if (!bytes) return [];
  let rows: unknown[];
  try {
    rows = fromJsonLines(strFromU8(bytes), file);
  } catch (err) {
    throw new BundleError(fileName, (err as Error).message);
  }
  return rows.map((raw, i) => {
    const value = check(raw);
    if (!value.ok) throw new BundleError(fileName, `${file}, line ${i + 1}: ${value.problem}`);
    return value.value;
  });
}

/**
 * Unpacks and validates a bundle, every field of every file, within BUNDLE_LIMITS (the run
 * keeps its stored id; the importer assigns a new one). Throws BundleError with the file,
 * the member, the field and the limit. The checkpoint is checked by the engine, which owns it.
 */
export function decodeBundle(bytes: Uint8Array, fileName = 'bundle'): RunBundle {
  let files: Record<string, Uint8Array>;
  let names: string[];
  try {
    ({ files, names } = unzipWithinLimits(bytes, fileName, BUNDLE_LIMITS));
  } catch (err) {
    if (err instanceof ZipLimitError) throw new BundleError(fileName, err.problem);
    throw err;
  }
  if (!files['run.json']) {
    const hint = names.includes('manifest.json') ? ' (this looks like a checkpoint: import it as a checkpoint)' : '';
    throw new BundleError(fileName, `the zip holds no run.json${hint}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(strFromU8(files['run.json']));
  } catch {
    throw new BundleError(fileName, 'run.json is not valid JSON');
  }
  const run = readRun(fileName, raw);
  const metrics = readLines(fileName, 'metrics.jsonl', files['metrics.jsonl'], checkMetricPoint).sort((a, b) => a.step - b.step);
  const evaluations = readLines(fileName, 'evaluations.jsonl', files['evaluations.jsonl'], checkEvaluation).sort((a, b) => a.step - b.step);
  return { run, metrics, evaluations, checkpoint: files['checkpoint.zip'] };
}
