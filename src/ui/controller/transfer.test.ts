// Export a run as a bundle from one "browser" (database) and import it into a fresh one.
import 'fake-indexeddb/auto';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EngineCommand } from '../../engine/protocol';
import { RunsDb } from '../../engine/storage/runs-db';
import { labStore, resetLab } from '../state/store';
import { evaluation, metricPoint, runRecord } from '../testing';
import { LabController } from './controller';
import { FakeEngine } from './fake-engine';
import { exportBundle, exportConfig, exportMetrics, importBundle } from './transfer';
import { storeBundle, type ImportStore } from '../export/bundle-import';
import { encodeBundle } from '../export/bundle';

const CHECKPOINT = new Uint8Array([80, 75, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // an empty zip
let count = 0;

/** Answers checkpoint export/import the way the worker does (storage in RunsDb, the request's id echoed). */
function checkpointWorker(db: RunsDb, accept = true) {
  return async (command: EngineCommand, engine: FakeEngine) => {
    if (command.type === 'exportCheckpoint') {
      engine.emit({ type: 'exported', requestId: command.requestId, runId: command.runId, fileName: 'ckpt.zip', bytes: CHECKPOINT.slice().buffer });
    }
    if (command.type === 'importCheckpoint') {
      if (!accept) {
        engine.emit({
          type: 'error',
          requestId: command.requestId,
          runId: command.runId,
          kind: 'import',
          message: 'weights do not fit its config',
          command: 'importCheckpoint',
        });
        return;
      }
      const existing = await db.getRun(command.runId);
      await db.putRun({ ...existing!, status: 'paused', step: 8, checkpointStep: 8, origin: 'imported', name: existing!.name });
      engine.emit({ type: 'imported', requestId: command.requestId, runId: command.runId, name: existing!.name });
    }
  };
}

async function browser(accept = true) {
  const db = await RunsDb.open(`transfer-${count++}`);
  const engine = new FakeEngine();
  engine.onCommand = checkpointWorker(db, accept);
  // The import worker's job, run inline (Node has no module workers).
  const unpack = (request: Parameters<typeof storeBundle>[1]) => storeBundle(db, request);
  return { db, engine, unpack, lab: new LabController({ engine, db: Promise.resolve(db), schedule: (f) => f() }) };
}

beforeEach(resetLab);

describe('run transfer', () => {
  it('exports a bundle and imports it in a fresh profile, resumable', async () => {
    const a = await browser();
    await a.db.putRun(runRecord('r1', { name: 'Baseline A', lastEval: evaluation(16, 0.4), checkpointStep: 16 }));
    await a.db.appendMetrics('r1', [metricPoint(2), metricPoint(4)]);
    await a.db.appendEvaluation('r1', evaluation(16, 0.4));
    const { file, withCheckpoint } = await exportBundle(a.lab, 'r1');
    expect(withCheckpoint).toBe(true);
    expect(file.fileName).toBe('baseline-a.bundle.zip');
    expect(Object.keys(unzipSync(file.bytes)).sort()).toEqual(['checkpoint.zip', 'evaluations.jsonl', 'metrics.jsonl', 'run.json']);
    a.lab.dispose();

    resetLab();
    const b = await browser();
    const { runId, checkpointProblem } = await importBundle(b.lab, file.bytes, file.fileName, { unpack: b.unpack });
    expect(checkpointProblem).toBeUndefined();
    expect(runId).not.toBe('r1');
    const stored = await b.db.getRun(runId);
    expect(stored).toMatchObject({ name: 'Baseline A', origin: 'imported', status: 'paused', checkpointStep: 8, lastEval: { step: 16 } });
    expect((await b.db.metrics(runId)).map((p) => p.step)).toEqual([2, 4]);
    expect(await b.db.evaluations(runId)).toHaveLength(1);
    const s = labStore.getState();
    expect(s.selected).toEqual([runId]);
    expect(s.histories[runId].metrics).toHaveLength(2);
    b.lab.dispose();
  });

  it('a rejected checkpoint still imports the run for viewing, and says why', async () => {
    const a = await browser();
    await a.db.putRun(runRecord('r1', { name: 'Same', status: 'running' }));
    const { file } = await exportBundle(a.lab, 'r1');
    const b = await browser(false);
    await b.db.putRun(runRecord('x', { name: 'Same' }));
    await b.lab.loadRuns();
    const { runId, checkpointProblem } = await importBundle(b.lab, file.bytes, 'same.zip', { unpack: b.unpack });
    expect(checkpointProblem).toMatch(/do not fit/);
    expect(await b.db.getRun(runId)).toMatchObject({ name: 'Same (imported 2)', status: 'interrupted', checkpointStep: undefined });
  });

  it('a bundle that fails validation stores nothing, and runs stored before are untouched', async () => {
    const b = await browser();
    await b.db.putRun(runRecord('old', { name: 'Old' }));
    await b.db.appendMetrics('old', [metricPoint(2)]);
    const bad = encodeBundle({ run: runRecord('r1'), metrics: [metricPoint(2), { ...metricPoint(4), step: -1 }], evaluations: [] });
    await expect(importBundle(b.lab, bad, 'bad.zip', { unpack: b.unpack })).rejects.toThrow(
      /^bad\.zip is not a usable run bundle: metrics\.jsonl, line 2: step: must be a whole number from 0 to 1,000,000,000, got -1$/,
    );
    expect((await b.db.listRuns()).map((r) => r.id)).toEqual(['old']);
    expect(await b.db.metrics('old')).toHaveLength(1);
  });

  it('a storage failure part-way leaves no half-imported run', async () => {
    const b = await browser();
    const { file } = await (async () => {
      const a = await browser();
      await a.db.putRun(runRecord('r1', { name: 'Long' }));
      await a.db.appendMetrics(
        'r1',
        Array.from({ length: 12_000 }, (_, i) => metricPoint(i + 1)),
      );
      return exportBundle(a.lab, 'r1');
    })();
    let chunks = 0;
    const failing: ImportStore = {
      putRun: (run) => b.db.putRun(run),
      appendEvaluation: (runId, result) => b.db.appendEvaluation(runId, result),
      deleteRun: (id) => b.db.deleteRun(id),
      appendMetrics: async (runId, points) => {
        if (++chunks === 2) throw new Error("The browser's storage is full: metrics could not be saved.");
        return b.db.appendMetrics(runId, points);
      },
    };
    await expect(importBundle(b.lab, file.bytes, 'long.zip', { unpack: (r) => storeBundle(failing, r) })).rejects.toThrow(
      /long\.zip could not be imported \(The browser's storage is full/,
    );
    expect(await b.db.listRuns()).toEqual([]);
  });

  it('a checkpoint chosen under "Import run bundle" is imported as a checkpoint', async () => {
    const b = await browser();
    const commands: EngineCommand[] = [];
    b.engine.onCommand = async (command, engine) => {
      commands.push(command);
      if (command.type !== 'importCheckpoint') return;
      await b.db.putRun({ ...runRecord(command.runId), name: 'ckpt-step8', status: 'paused', checkpointStep: 8, step: 8, origin: 'imported' });
      engine.emit({ type: 'imported', requestId: command.requestId, runId: command.runId, name: 'ckpt-step8' });
    };
    const checkpoint = zipSync({ 'manifest.json': strToU8('{}'), 'weights.bin': new Uint8Array(4) });
    const { runId, kind } = await importBundle(b.lab, checkpoint, 'ckpt-step8.zip', { unpack: b.unpack });
    expect(kind).toBe('checkpoint');
    expect(commands.map((c) => c.type)).toEqual(['importCheckpoint']);
    expect(labStore.getState().runs[runId]).toMatchObject({ name: 'ckpt-step8', status: 'paused' });
    expect(labStore.getState().focusId).toBe(runId);
  });

  it('wraps an engine message that does not name the file', async () => {
    const b = await browser();
    b.engine.onCommand = async (command, engine) => {
      if (command.type === 'importCheckpoint')
        engine.emit({
          type: 'error',
          requestId: command.requestId,
          runId: command.runId,
          kind: 'import',
          message: 'Tensor must have a shape comprised of positive integers',
          command: 'importCheckpoint',
        });
    };
    const checkpoint = zipSync({ 'manifest.json': strToU8('{}'), 'weights.bin': new Uint8Array(4) });
    await expect(importBundle(b.lab, checkpoint, 'odd.zip', { unpack: b.unpack })).rejects.toThrow(
      /^odd\.zip could not be imported \(Tensor must have .*\)\. Check that it is a run bundle or checkpoint exported by Bottleneck Lab; nothing was stored\.$/,
    );
  });

  it('exports the config and the exact metrics', async () => {
    const a = await browser();
    await a.db.putRun(runRecord('r1', { name: 'R' }));
    await a.db.appendMetrics(
      'r1',
      Array.from({ length: 3000 }, (_, i) => metricPoint(i + 1)),
    );
    const csv = new TextDecoder().decode((await exportMetrics(a.lab, 'r1', 'csv')).bytes);
    expect(csv.trimEnd().split('\n')).toHaveLength(3001);
    const jsonl = await exportMetrics(a.lab, 'r1', 'jsonl');
    expect(jsonl.fileName).toBe('r-metrics.jsonl');
    const config = JSON.parse(new TextDecoder().decode((await exportConfig(a.lab, 'r1')).bytes));
    expect(config).toEqual(runRecord('r1').config);
  });
});
