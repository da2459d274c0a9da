// Runs leaving and entering the browser: the engine's checkpoint file, run bundles (export and
// import), config and metric files. Bytes only: saving to disk is export/download.ts's job.
import type { RunRecord } from '../../engine/run-types';
import { decodeBundle, encodeBundle, fileSlug } from '../export/bundle';
import { evaluationsToCsv, metricsToCsv, toJsonLines } from '../export/serialize';
import { projectorFiles } from '../../eval/tsv';
import { zipSync } from 'fflate';
import { labStore } from '../state/store';
import { requestEvent } from './bridge';
import type { LabController } from './controller';

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
  const { fileName, bytes } = await requestEvent(lab.engine, { type: 'exportCheckpoint', runId }, (e) =>
    e.type === 'exported' && e.runId === runId ? e : undefined,
  );
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

function uniqueName(name: string): string {
  const taken = new Set(Object.values(labStore.getState().runs).map((r) => r.name));
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name} (imported ${i})`)) return `${name} (imported ${i})`;
}

/**
 * Stores a bundle as a new run (origin 'imported') and overlays it. The checkpoint goes
 * through the engine, which validates it against the config and makes the run resumable;
 * a rejected checkpoint leaves the run importable for viewing, and the reason is returned.
 */
export async function importBundle(lab: LabController, bytes: Uint8Array, fileName: string): Promise<{ runId: string; checkpointProblem?: string }> {
  const bundle = decodeBundle(bytes, fileName);
  const db = await lab.db;
  const runId = crypto.randomUUID();
  const status = bundle.run.status === 'running' || bundle.run.status === 'queued' ? 'interrupted' : bundle.run.status;
  const run: RunRecord = {
    ...bundle.run,
    id: runId,
    name: uniqueName(bundle.run.name),
    status,
    origin: 'imported',
    checkpointStep: undefined,
    updatedAt: Date.now(),
  };
  await db.putRun(run);
  await db.appendMetrics(runId, bundle.metrics);
  for (const result of bundle.evaluations) await db.appendEvaluation(runId, result);
  let checkpointProblem: string | undefined;
  if (bundle.checkpoint) {
    const copy = bundle.checkpoint.slice().buffer as ArrayBuffer;
    try {
      await requestEvent(
        lab.engine,
        { type: 'importCheckpoint', runId, fileName: 'checkpoint.zip', bytes: copy },
        (e) => (e.type === 'imported' && e.runId === runId ? e : undefined),
        [copy],
      );
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
  };
  await db.putRun(merged);
  const s = labStore.getState();
  s.upsertRun(merged);
  s.setHistory(runId, bundle.metrics, bundle.evaluations);
  s.setSelected([...labStore.getState().selected, runId]);
  s.setFocus(runId);
  s.announce(`Imported “${merged.name}”${checkpointProblem ? ' for viewing (its checkpoint was not usable)' : ''}.`);
  return { runId, checkpointProblem };
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
  const e = await requestEvent(lab.engine, { type: 'exportFeatures', runId, limit }, (ev) => (ev.type === 'features' && ev.runId === runId ? ev : undefined));
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
