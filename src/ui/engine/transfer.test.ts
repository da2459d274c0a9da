// Export a run as a bundle from one "browser" (database) and import it into a fresh one.
import 'fake-indexeddb/auto';
import { unzipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EngineCommand } from '../../engine/protocol';
import { RunsDb } from '../../engine/storage/runs-db';
import { labStore, resetLab } from '../state/store';
import { evaluation, metricPoint, runRecord } from '../testing';
import { LabController } from './controller';
import { FakeEngine } from './fake-engine';
import { exportBundle, exportConfig, exportMetrics, importBundle } from './transfer';

const CHECKPOINT = new Uint8Array([80, 75, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // an empty zip
let count = 0;

/** Answers checkpoint export/import the way the worker does (storage in RunsDb). */
function checkpointWorker(db: RunsDb, accept = true) {
  return async (command: EngineCommand, engine: FakeEngine) => {
    if (command.type === 'exportCheckpoint') {
      engine.emit({ type: 'exported', runId: command.runId, fileName: 'ckpt.zip', bytes: CHECKPOINT.slice().buffer });
    }
    if (command.type === 'importCheckpoint') {
      if (!accept) {
        engine.emit({ type: 'error', runId: command.runId, kind: 'import', message: 'weights do not fit its config', command: 'importCheckpoint' });
        return;
      }
      const existing = await db.getRun(command.runId);
      await db.putRun({ ...existing!, status: 'paused', step: 8, checkpointStep: 8, origin: 'imported', name: existing!.name });
      engine.emit({ type: 'imported', runId: command.runId, name: existing!.name });
    }
  };
}

async function browser(accept = true) {
  const db = await RunsDb.open(`transfer-${count++}`);
  const engine = new FakeEngine();
  engine.onCommand = checkpointWorker(db, accept);
  return { db, lab: new LabController({ engine, db: Promise.resolve(db), schedule: (f) => f() }) };
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
    const { runId, checkpointProblem } = await importBundle(b.lab, file.bytes, file.fileName);
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
    const { runId, checkpointProblem } = await importBundle(b.lab, file.bytes, 'same.zip');
    expect(checkpointProblem).toMatch(/do not fit/);
    expect(await b.db.getRun(runId)).toMatchObject({ name: 'Same (imported 2)', status: 'interrupted', checkpointStep: undefined });
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
