// The browser run loop's checkpoint schedule, on the CPU backend with a clock the test drives:
// a run saves on time as well as on steps, so an early interruption can still be resumed.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config';
import { syntheticDataset } from '../../data/synthetic';
import { FIRST_SAVE_MILLIS, SAVE_EVERY_MILLIS } from '../schedule';
import type { EngineEvent } from '../protocol';
import type { RunRecord } from '../run-types';
import { RunsDb } from '../storage/runs-db';
import { RunSession } from './run-session';

const dataset = syntheticDataset({ trainSize: 64, testSize: 16, seed: 3 });
let dbs = 0;

async function session(clock: () => number, onEvent: (e: EngineEvent, s: RunSession) => void) {
  const config = defaultConfig();
  config.encoder.convChannels = [2]; // ~170 ms a step on Node's CPU backend
  config.projector.hiddenDim = 16;
  config.projector.outputDim = 8;
  config.train.batchSize = 4;
  config.train.epochs = 1000; // 16,000 steps: never reached, the test stops the run
  config.train.logEvery = 1000; // one long interval: a save on time must not wait for its end
  config.train.checkpointEvery = 0; // no step schedule: only time saves before the end
  config.train.evalEveryEpochs = 0;
  config.optim.warmupEpochs = 0;
  const db = await RunsDb.open(`session-${dbs++}`);
  const record: RunRecord = {
    id: 'r',
    name: 'r',
    config,
    datasetId: 'synthetic',
    status: 'running',
    createdAt: 0,
    updatedAt: 0,
    step: 0,
    totalSteps: 16_000,
    trainMillis: 0,
    origin: 'local',
  };
  await db.putRun(record);
  const events: EngineEvent[] = [];
  const s: RunSession = RunSession.create('r', { db, backendName: 'cpu', now: clock, post: (e) => (events.push(e), onEvent(e, s)) }, record, dataset);
  return { s, db, events };
}

describe('RunSession checkpoints', () => {
  it('saves within FIRST_SAVE_MILLIS of training, then every SAVE_EVERY_MILLIS, in the middle of a logging interval', async () => {
    const STEP_MILLIS = 10_000; // the test's clock: every step takes 10 s of training
    const saves: number[] = [];
    const { s, db } = await session(
      () => s.trainer.step * STEP_MILLIS,
      (e, run) => {
        if (e.type !== 'checkpointSaved') return;
        saves.push(e.step);
        if (saves.length === 2) run.requestStop();
      },
    );
    await s.run();
    s.dispose();
    expect(saves).toHaveLength(2);
    // The first save is due at 30 s (step 3) and lands after that step, not at the end of the
    // 1,000-step logging interval; the next one 3 min (18 steps) later.
    expect(saves[0] * STEP_MILLIS).toBeGreaterThanOrEqual(FIRST_SAVE_MILLIS);
    expect(saves[0] * STEP_MILLIS).toBeLessThanOrEqual(FIRST_SAVE_MILLIS + STEP_MILLIS);
    expect((saves[1] - saves[0]) * STEP_MILLIS).toBeGreaterThanOrEqual(SAVE_EVERY_MILLIS);
    expect((saves[1] - saves[0]) * STEP_MILLIS).toBeLessThanOrEqual(SAVE_EVERY_MILLIS + STEP_MILLIS);
    expect((await db.getRun('r'))?.checkpointStep).toBe(saves[1]);
  });

  it('saves when the page asks (hidden or closed), after the current step, and not on time while the clock stands still', async () => {
    const saves: number[] = [];
    let metrics = 0;
    const { s } = await session(
      () => 0,
      (e, run) => {
        if (e.type === 'progress' && e.phase === 'training' && metrics++ === 0) void run.requestSave();
        if (e.type === 'checkpointSaved') {
          saves.push(e.step);
          run.requestStop();
        }
      },
    );
    await s.run();
    s.dispose();
    // One save on request, mid-interval; the stop's own save finds that step already saved.
    expect(saves.length).toBe(1);
    expect(saves[0]).toBeGreaterThan(0);
    expect(saves[0]).toBeLessThan(1000);
  });
});
