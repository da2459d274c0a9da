// Runs leaving and entering the browser: the engine's checkpoint file, run bundles (export and
// import), config and metric files. Bytes only: saving to disk is export/download.ts's job.
import type { RunRecord } from '../../engine/run-types';
import { fileSlug } from '../../engine/file-names';
import { encodeBundle, MAX_IMPORT_FILE_BYTES } from '../export/bundle';
import type { ImportProgress } from '../export/bundle-import';
import { formatBytes } from '../../engine/safe-unzip';
import { evaluationsToCsv, metricsToCsv, toJsonLines } from '../export/serialize';
import { projectorFiles } from '../../eval/tsv';
import { zipSync } from 'fflate';
import { labStore } from '../state/store';
import { requestEvent } from './bridge';
import type { LabController } from './controller';
import { unpackInWorker, type Unpacker } from './import-client';

export interface FileOut {
  fileName: string;
  bytes: Uint8Array;
  mime: string;
}

const text = (fileName: string, body: string, mime: string): FileOut => ({ fileName, bytes: new TextEncoder().encode(body), mime });

async function record(lab: LabController, runId: string): Promise<RunRecord> {
  const stored = await (await lab.db).getRun(runId);
  const run = stored ?? labStore.getState().runs[runId];
  if (!run) throw new Error(`There is no run ${runId}.`);
  return run;
}

/** The run's newest checkpoint, from the engine (which owns the format). */
export async function exportCheckpoint(lab: LabController, runId: string): Promise<FileOut> {
  const { fileName, bytes } = await requestEvent(lab.engine, { type: 'exportCheckpoint', runId });
  return { fileName, bytes: new Uint8Array(bytes), mime: 'application/zip' };
}

export async function exportConfig(lab: LabController, runId: string): Promise<FileOut> {
  const run = await record(lab, runId);
  return text(`${fileSlug(run.name)}-config.json`, JSON.stringify(run.config, null, 2) + '\n', 'application/json');
}

/** The exact stored history (never the downsampled drawing). */
export async function exportMetrics(lab: LabController, runId: string, format: 'csv' | 'jsonl'): Promise<FileOut> {
  const run = await record(lab, runId);
  const points = await (await lab.db).metrics(runId);
  return format === 'csv'
    ? text(`${fileSlug(run.name)}-metrics.csv`, metricsToCsv(points), 'text/csv')
    : text(`${fileSlug(run.name)}-metrics.jsonl`, toJsonLines(points), 'application/x-ndjson');
}

export async function exportEvaluations(lab: LabController, runId: string): Promise<FileOut> {
  const run = await record(lab, runId);
  return text(`${fileSlug(run.name)}-evaluations.csv`, evaluationsToCsv(await (await lab.db).evaluations(runId)), 'text/csv');
}

/** run.json + metrics.jsonl + evaluations.jsonl + checkpoint.zip (when the run has one). */
export async function exportBundle(lab: LabController, runId: string): Promise<{ file: FileOut; withCheckpoint: boolean }> {
  const run = await record(lab, runId);
  const db = await lab.db;
  const [metrics, evaluations] = await Promise.all([db.metrics(runId), db.evaluations(runId)]);
  let checkpoint: Uint8Array | undefined;
  try {
    checkpoint = (await exportCheckpoint(lab, runId)).bytes;
  } catch {
    checkpoint = undefined; // a run that never saved one is still worth sharing for its curves
  }
  const bytes = encodeBundle({ run, metrics, evaluations, checkpoint });
  return { file: { fileName: `${fileSlug(run.name)}.bundle.zip`, bytes, mime: 'application/zip' }, withCheckpoint: checkpoint !== undefined };
}

export interface ImportOptions {
  /** Where the bundle is validated and stored: the import worker unless a test says otherwise. */
  unpack?: Unpacker;
  onProgress?: (progress: ImportProgress) => void;
  /** Stops the bundle's unpacking: the import worker is ended and what it stored removed. */
  signal?: AbortSignal;
}

export interface ImportResult {
  runId: string;
  kind: 'bundle' | 'checkpoint';
  /** Why the bundle's checkpoint cannot continue training (the run was imported for viewing). */
  checkpointProblem?: string;
}

/** The engine's own words, for a file a person chose, as a sentence that names the file. */
function importFailure(fileName: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (message.includes(fileName)) return err instanceof Error ? err : new Error(message);
  return new Error(
    `${fileName} could not be imported (${message}). Check that it is a run bundle or checkpoint exported by Bottleneck Lab; nothing was stored.`,
  );
}

/**
 * Imports a file chosen under "Import run bundle": a run bundle is validated and stored as a
 * new run (origin 'imported') by the import worker, off the page's main thread; a checkpoint
 * goes to the engine, which validates it against its config and stores it as a new paused
 * run. A bundle's checkpoint goes through the engine too; a rejected one leaves the run
 * imported for viewing, and the reason is returned. Runs stored before are never touched.
 */
export async function importBundle(lab: LabController, bytes: Uint8Array, fileName: string, options: ImportOptions = {}): Promise<ImportResult> {
  if (bytes.byteLength > MAX_IMPORT_FILE_BYTES)
    throw new Error(`${fileName} is ${formatBytes(bytes.byteLength)}, over the limit of ${formatBytes(MAX_IMPORT_FILE_BYTES)} for an import: it was not read.`);
  const db = await lab.db;
  const runId = crypto.randomUUID();
  const takenNames = Object.values(labStore.getState().runs).map((r) => r.name);
  const buffer = bytes.slice().buffer as ArrayBuffer;
  let outcome;
  try {
    outcome = await (options.unpack ?? unpackInWorker)(
      { bytes: buffer, fileName, runId, takenNames },
      { onProgress: options.onProgress, signal: options.signal },
    );
  } catch (err) {
    await db.deleteRun(runId).catch(() => undefined); // a worker that died part-way leaves nothing behind
    throw importFailure(fileName, err);
  }
  if (outcome.kind === 'checkpoint') {
    await importCheckpointFile(lab, runId, fileName, outcome.bytes);
    return { runId, kind: 'checkpoint' };
  }
  const { run } = outcome;
  let checkpointProblem: string | undefined;
  if (outcome.checkpoint) {
    try {
      await requestEvent(lab.engine, { type: 'importCheckpoint', runId, fileName: 'checkpoint.zip', bytes: outcome.checkpoint }, [outcome.checkpoint]);
    } catch (err) {
      checkpointProblem = err instanceof Error ? err.message : String(err);
    }
  }
  // The engine rewrote the record (status, checkpoint step); keep the bundle's own metadata.
  const stored = (await db.getRun(runId)) ?? run;
  const merged: RunRecord = {
    ...stored,
    name: run.name,
    origin: 'imported',
    lastEval: run.lastEval,
    bestEval: run.bestEval,
    backend: run.backend,
    adapter: run.adapter,
    group: run.group,
    deadRun: run.deadRun,
    importedFrom: run.importedFrom,
  };
  await db.putRun(merged);
  const s = labStore.getState();
  s.upsertRun(merged);
  s.setSelected([...labStore.getState().selected, runId]);
  s.setFocus(runId);
  await lab.ensureHistory(runId); // read back from IndexedDB in chunks, as after a reload
  s.announce(`Imported “${merged.name}”${checkpointProblem ? ' for viewing (its checkpoint was not usable)' : ''}.`);
  return { runId, kind: 'bundle', checkpointProblem };
}

/** A checkpoint file chosen on its own becomes a new paused run that can continue training. */
async function importCheckpointFile(lab: LabController, runId: string, fileName: string, bytes: ArrayBuffer): Promise<void> {
  try {
    await requestEvent(lab.engine, { type: 'importCheckpoint', runId, fileName, bytes }, [bytes]);
  } catch (err) {
    throw importFailure(fileName, err);
  }
  await lab.refreshRun(runId);
  const s = labStore.getState();
  s.setSelected([...s.selected, runId]);
  s.setFocus(runId);
  await lab.ensureHistory(runId);
  s.announce(`Imported the checkpoint ${fileName} as “${labStore.getState().runs[runId]?.name ?? fileName}”: it can continue training.`);
}

/** Test images whose features a TSV export holds (all of a CIFAR test split). */
export const FEATURE_EXPORT_LIMIT = 10_000;

/**
 * Z1 and Z2 of the test split (evaluation mode) as TensorBoard Embedding Projector files:
 * z1/vectors.tsv + z1/metadata.tsv and the same for z2, in one zip. The engine computes them
 * from the weights it holds, so the run must be training or paused.
 */
export async function exportFeatures(lab: LabController, runId: string, limit = FEATURE_EXPORT_LIMIT): Promise<FileOut> {
  const run = await record(lab, runId);
  const e = await requestEvent(lab.engine, { type: 'exportFeatures', runId, limit });
  const labels = new Uint8Array(e.labels);
  const files: Record<string, Uint8Array> = {};
  const encoder = new TextEncoder();
  for (const [name, buffer, dim] of [
    ['z1', e.z1, e.z1Dim],
    ['z2', e.z2, e.z2Dim],
  ] as const) {
    const tsv = projectorFiles(new Float32Array(buffer), e.count, dim, labels, e.classNames);
    files[`${name}/vectors.tsv`] = encoder.encode(tsv['vectors.tsv'].join(''));
    files[`${name}/metadata.tsv`] = encoder.encode(tsv['metadata.tsv'].join(''));
  }
  return { fileName: `${fileSlug(run.name)}.features.zip`, bytes: zipSync(files, { level: 6 }), mime: 'application/zip' };
}
