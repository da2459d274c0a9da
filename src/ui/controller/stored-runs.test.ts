// Records IndexedDB hands back are validated on read: a record an older build wrote (or that
// storage corrupted) becomes an unreadable row that can be deleted; bad history points are
// left out and reported; the other runs are untouched. And the save the page asks for when hidden.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../engine/run-types';
import { RunsDb } from '../../engine/storage/runs-db';
import { labStore, resetLab } from '../state/store';
import { evaluation, metricPoint, runRecord } from '../testing';
import { LabController } from './controller';
import { FakeEngine } from './fake-engine';
import { checkStoredHistory } from './stored-runs';

let count = 0;
async function setup() {
  const db = await RunsDb.open(`stored-${count++}`);
  const lab = new LabController({ engine: new FakeEngine(), db: Promise.resolve(db), schedule: (f) => f() });
  return { db, lab };
}
const s = () => labStore.getState();

beforeEach(resetLab);

describe('stored runs read back', () => {
  it('shows a malformed record as unreadable, with the field, beside the good ones; Delete removes it', async () => {
    const { db, lab } = await setup();
    await db.putRun(runRecord('good', { name: 'Good', createdAt: 1 }));
    // What the bundle left behind before imports were validated.
    const broken = { ...runRecord('bad', { name: 'Broken' }), step: 1e308, totalSteps: -5, lastEval: { step: 3 } } as unknown as RunRecord;
    await db.putRun(broken);
    await lab.loadRuns();
    expect(s().runOrder).toEqual(['good']);
    expect(s().unreadable.bad).toEqual({ id: 'bad', name: 'Broken', problem: 'step: must be a whole number from 0 to 1,000,000,000, got 1e+308' });
    await lab.deleteRun('bad');
    expect(s().unreadable).toEqual({});
    expect((await db.listRuns()).map((r) => r.id)).toEqual(['good']);
  });

  it('leaves out history points that do not read, and says how many', async () => {
    const { db, lab } = await setup();
    await db.putRun(runRecord('r', { name: 'R' }));
    await db.appendMetrics('r', [metricPoint(2), { ...metricPoint(4), values: 'x' } as unknown as ReturnType<typeof metricPoint>, metricPoint(6)]);
    await db.appendEvaluation('r', { ...evaluation(8, 0.4), embedding: { labels: [1], z1: 5 } } as unknown as ReturnType<typeof evaluation>);
    await lab.loadRuns();
    await lab.ensureHistory('r');
    const history = s().histories.r;
    expect(history.metrics.map((p) => p.step)).toEqual([2, 6]);
    expect(history.evaluations).toEqual([]);
    expect(history.problem).toBe(
      'Could not read 1 of 3 stored metric points (values: must be an object of metric values, got "x") and 1 of 1 stored evaluations (embedding.z1: must be a list of points, got 5); they are not drawn.',
    );
  });

  it('reads long histories in chunks, in step order', async () => {
    const { db } = await setup();
    await db.appendMetrics(
      'r',
      Array.from({ length: 25_001 }, (_, i) => metricPoint(i + 1)),
    );
    const points = await db.metrics('r');
    expect(points).toHaveLength(25_001);
    expect(points.every((p, i) => p.step === i + 1)).toBe(true);
    expect((await checkStoredHistory(points, [])).problem).toBeUndefined();
  });
});

describe('saving when the page is hidden or closed', () => {
  it('asks the engine to checkpoint the run that trains, and nothing else', async () => {
    const engine = new FakeEngine();
    const db = await RunsDb.open(`stored-${count++}`);
    const lab = new LabController({ engine, db: Promise.resolve(db), schedule: (f) => f() });
    s().applyProgress('t', { status: 'running', phase: 'training', step: 4, totalSteps: 80, epoch: 0.5 }, 0);
    s().applyProgress('p', { status: 'paused', step: 4, totalSteps: 80, epoch: 0.5 }, 0);
    lab.saveTrainingRun();
    expect(engine.sent.filter((c) => c.type === 'saveCheckpoint')).toEqual([{ type: 'saveCheckpoint', runId: 't' }]);
    lab.dispose();
  });
});
