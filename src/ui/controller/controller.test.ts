// The page's engine bridge against a scripted fake worker and a real RunsDb on fake-indexeddb:
// the same event sequences the worker produces, without TF.js or a browser.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type EngineCommand } from '../../engine/protocol';
import type { RunRecord } from '../../engine/run-types';
import { RunsDb } from '../../engine/storage/runs-db';
import { displayStatus } from '../state/selectors';
import { labStore, resetLab } from '../state/store';
import { metricPoint, runRecord } from '../testing';
import { LabController } from './controller';
import { FakeEngine } from './fake-engine';
import { requestEvent } from './bridge';

const s = () => labStore.getState();
let dbCount = 0;
let frames: (() => void)[] = [];
const schedule = (f: () => void) => void frames.push(f);
const runFrames = () => {
  const pending = frames;
  frames = [];
  for (const f of pending) f();
};
const tick = () => new Promise((r) => setTimeout(r, 0));

/** A worker that trains every started run to the end: record, backend, 4 points, done. */
function scriptedWorker(db: RunsDb, options: { finish?: boolean } = {}) {
  return async (command: EngineCommand, engine: FakeEngine) => {
    if (command.type !== 'start') return;
    const { runId } = command;
    await db.putRun({
      ...runRecord(runId),
      name: command.name,
      config: command.config,
      ...(command.group ? { group: command.group } : {}), // as the worker stores it
      status: 'running',
      step: 0,
      totalSteps: 8,
      trainMillis: 0,
      createdAt: Date.now(),
    });
    engine.emit({ type: 'backend', runId, report: { name: 'webgpu', forced: true, reason: 'asked for', attempts: [] } });
    engine.emit({ type: 'progress', runId, status: 'running', phase: 'compiling', step: 0, totalSteps: 8, epoch: 0 });
    const points = [2, 4, 6, 8].map((step) => metricPoint(step));
    await db.appendMetrics(runId, points);
    engine.emit({ type: 'metrics', runId, points: points.slice(0, 2) });
    engine.emit({ type: 'metrics', runId, points: points.slice(2) });
    if (options.finish === false) return;
    await db.updateRun(runId, (r) => ({ ...r, status: 'done', step: 8, trainMillis: 4321, checkpointStep: 8 }));
    engine.emit({ type: 'progress', runId, status: 'done', step: 8, totalSteps: 8, epoch: 1 });
  };
}

async function setup(name = `lab-test-${dbCount++}`) {
  const db = await RunsDb.open(name);
  const engine = new FakeEngine();
  const lab = new LabController({ engine, db: Promise.resolve(db), schedule });
  engine.emit({ type: 'hello', version: PROTOCOL_VERSION, faultInjection: false });
  return { db, engine, lab };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) {
    await tick();
    runFrames();
  }
};

/**
 * Ticks (running frames) until `done()` holds: a chain of fake-IndexedDB round trips takes a
 * varying number of ticks, more on a loaded machine (a fixed count once flaked in CI).
 */
const settleUntil = async (done: () => boolean, maxTicks = 2000) => {
  for (let i = 0; i < maxTicks && !done(); i++) {
    await tick();
    runFrames();
  }
};

beforeEach(() => {
  resetLab();
  frames = [];
});
let opened: LabController[] = [];
afterEach(() => {
  for (const lab of opened) lab.dispose();
  opened = [];
});

describe('lab controller', () => {
  it('starts the draft, appends live deltas once per frame, and reads the record back when done', async () => {
    const { db, engine, lab } = await setup();
    opened.push(lab);
    engine.onCommand = scriptedWorker(db);
    s().setBackend('webgpu');
    const id = lab.startRun();
    expect(engine.last('start')).toMatchObject({ runId: id, name: '#1 Baseline', backend: 'webgpu', config: s().draft });
    expect(s().selected).toEqual([id]);
    expect(s().focusId).toBe(id);

    let updates = 0;
    const unsubscribe = labStore.subscribe((next, prev) => next.histories !== prev.histories && updates++);
    await settleUntil(() => s().live[id]?.status === 'done');
    await settle();
    unsubscribe();
    expect(s().histories[id].metrics.map((p) => p.step)).toEqual([2, 4, 6, 8]);
    // Two metrics messages, one store update: the progress 'done' flushed them together.
    expect(updates).toBe(1);
    expect(s().live[id]).toMatchObject({ status: 'done', backend: { name: 'webgpu' } });
    expect(s().runs[id]).toMatchObject({ status: 'done', trainMillis: 4321, checkpointStep: 8, backend: 'webgpu' });
    expect(s().announcement).toMatch(/#1 Baseline: done/);
  });

  it('batches metric messages per animation frame while a run trains', async () => {
    const { db, engine, lab } = await setup();
    opened.push(lab);
    engine.onCommand = scriptedWorker(db, { finish: false });
    const id = lab.startRun();
    // The fake worker awaits IndexedDB before it sends; wait until both messages arrived.
    for (let i = 0; i < 100 && !(frames.length && s().live[id]?.phase === 'compiling'); i++) await tick();
    for (let i = 0; i < 5; i++) await tick();
    expect(s().histories[id].metrics).toHaveLength(0); // waiting for the frame
    expect(frames).toHaveLength(1); // two messages, one scheduled flush
    runFrames();
    expect(s().histories[id].metrics).toHaveLength(4);
  });

  it('after a reload, IndexedDB is the truth: a run cut off mid-training shows as interrupted', async () => {
    const name = `lab-reload-${dbCount++}`;
    const first = await setup(name);
    opened.push(first.lab);
    await first.db.putRun(runRecord('old', { status: 'running', step: 4 }));
    await first.db.appendMetrics('old', [metricPoint(2), metricPoint(4)]);
    resetLab();
    const second = await setup(name);
    opened.push(second.lab);
    await second.lab.loadRuns();
    expect(displayStatus(s().runs.old, s().live.old)).toBe('interrupted');
    expect(s().selected).toEqual(['old']);
    expect(s().focusId).toBe('old'); // the header shows it: Resume needs no click in the table
    expect(s().histories.old.metrics.map((p) => p.step)).toEqual([2, 4]);

    second.lab.resume('old');
    expect(second.engine.last('resume')).toEqual({ type: 'resume', runId: 'old', backend: 'auto' });
  });

  it('after a reload the header follows the run it followed before, else the newest', async () => {
    const name = `lab-focus-${dbCount++}`;
    const first = await setup(name);
    opened.push(first.lab);
    await first.db.putRun(runRecord('a', { createdAt: 1 }));
    await first.db.putRun(runRecord('b', { createdAt: 2, status: 'paused', checkpointStep: 8 }));
    await first.db.putRun(runRecord('c', { createdAt: 3 }));
    resetLab();
    const second = await setup(name);
    opened.push(second.lab);
    await second.lab.loadRuns();
    expect(s().focusId).toBe('c');
    resetLab();
    s().setFocus('b'); // remembered from the last visit (bootLab reads it from the prefs)
    s().setSelected([]);
    const third = await setup(name);
    opened.push(third.lab);
    await third.lab.loadRuns();
    expect(s().focusId).toBe('b');
    expect(s().histories.b?.loaded).toBe(true); // the header's ETA and flags need its points
  });

  it('a resume from an earlier checkpoint drops the points logged after it', async () => {
    const { engine, lab } = await setup();
    opened.push(lab);
    s().upsertRun(runRecord('r', { status: 'paused' }));
    s().setHistory('r', [metricPoint(2), metricPoint(4), metricPoint(6)], []);
    engine.emit({ type: 'progress', runId: 'r', status: 'running', phase: 'loading-data', step: 4, totalSteps: 16, epoch: 0.5 });
    expect(s().histories.r.metrics.map((p) => p.step)).toEqual([2, 4]);
  });

  it('runs a sweep of two presets one after the other to the end, then overlays them', async () => {
    const { db, engine, lab } = await setup();
    opened.push(lab);
    engine.onCommand = scriptedWorker(db);
    lab.startSweep(['baseline', 'reg']);
    await settleUntil(() => s().sweeps[0]?.state === 'done');
    const starts = engine.sent.filter((c): c is Extract<EngineCommand, { type: 'start' }> => c.type === 'start');
    expect(starts.map((c) => [c.name, c.config.loss.lmbd])).toEqual([
      ['Sweep 1 · Baseline', 0],
      ['Sweep 1 · +Regulariser', 0.1],
    ]);
    const sweep = s().sweeps[0];
    expect(sweep.state).toBe('done');
    expect(sweep.items.map((i) => i.status)).toEqual(['done', 'done']);
    expect(s().selected).toEqual(starts.map((c) => c.runId));
    expect(s().announcement).toMatch(/Sweep 1 finished/);
  });

  it('runs a sweep with seeds as a study: each run carries its variant and seed, and charts show variant means', async () => {
    const { db, engine, lab } = await setup();
    opened.push(lab);
    engine.onCommand = scriptedWorker(db);
    lab.startSweep(['baseline', 'discrete'], s().draft, 2);
    await settleUntil(() => s().sweeps[0]?.state === 'done');
    const starts = engine.sent.filter((c): c is Extract<EngineCommand, { type: 'start' }> => c.type === 'start');
    expect(starts.map((c) => [c.group?.variant, c.group?.seed, c.config.seed])).toEqual([
      ['Baseline', 0, 0],
      ['+Discrete', 0, 0],
      ['Baseline', 1, 1],
      ['+Discrete', 1, 1],
    ]);
    expect(new Set(starts.map((c) => c.group?.studyId))).toEqual(new Set([s().sweeps[0].id]));
    // The records the page holds (re-read from storage after each run) keep their group.
    await settleUntil(() => starts.every((c) => s().runs[c.runId]?.group?.seed === c.group?.seed));
    expect(s().chartGrouping).toBe('ci95');
    expect(s().announcement).toMatch(/2 seeds per variant/);
  });

  it('a start the engine refuses leaves no phantom run, and the sweep moves on', async () => {
    const { engine, lab } = await setup();
    opened.push(lab);
    engine.onCommand = (c, e) => {
      if (c.type === 'start') e.emit({ type: 'error', runId: c.runId, kind: 'internal', message: 'Another run is training', command: 'start' });
    };
    const id = lab.startRun();
    await settle();
    expect(s().runs[id]).toBeUndefined();
    expect(s().notices.at(-1)?.message).toBe('Another run is training');
  });

  it('a worker crash interrupts the running run until the engine says hello again', async () => {
    const { db, engine, lab } = await setup();
    opened.push(lab);
    engine.onCommand = scriptedWorker(db, { finish: false });
    const id = lab.startRun();
    await settleUntil(() => s().histories[id]?.metrics.length === 4);
    engine.emit({ type: 'error', kind: 'crashed', message: 'The training engine crashed' });
    expect(s().live[id].status).toBe('interrupted');
    expect(s().engine.ready).toBe(false);
    engine.emit({ type: 'hello', version: PROTOCOL_VERSION, faultInjection: false });
    expect(s().engine.ready).toBe(true);
  });

  it('requests ignore errors about other runs', async () => {
    const { engine } = await setup();
    const answer = requestEvent(engine, { type: 'exportCheckpoint', runId: 'a' }).then((e) => e.fileName);
    engine.emit({ type: 'error', runId: 'b', kind: 'diverged', message: 'b diverged' });
    engine.emit({ type: 'exported', requestId: engine.last('exportCheckpoint')!.requestId, runId: 'a', fileName: 'a.zip', bytes: new ArrayBuffer(1) });
    await expect(answer).resolves.toBe('a.zip');
    const refused = requestEvent(engine, { type: 'exportCheckpoint', runId: 'a' });
    const requestId = engine.last('exportCheckpoint')!.requestId;
    engine.emit({ type: 'error', requestId, runId: 'a', kind: 'data', message: 'no checkpoint', command: 'exportCheckpoint' });
    await expect(refused).rejects.toThrow('no checkpoint');
  });

  it('stopping a run that is not loaded in the engine updates its record', async () => {
    const { db, lab } = await setup();
    opened.push(lab);
    await db.putRun(runRecord('p', { status: 'paused' }));
    await lab.loadRuns();
    await lab.stop('p');
    expect((await db.getRun('p'))?.status).toBe('stopped');
    expect(s().runs.p.status).toBe('stopped');
  });

  it('deletes a run and its history', async () => {
    const { db, lab } = await setup();
    opened.push(lab);
    await db.putRun(runRecord('d') as RunRecord);
    await lab.loadRuns();
    await lab.deleteRun('d');
    expect(await db.getRun('d')).toBeUndefined();
    expect(s().runs.d).toBeUndefined();
  });
});
