// The after-interval schedule shared by the browser's run loop and the headless trainer.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config';
import { afterInterval, checkpointDue, FIRST_SAVE_MILLIS, SAVE_EVERY_MILLIS, type IntervalEnd } from './schedule';

// Moved from worker/run-session.test.ts with the schedule (issue 14).
describe('checkpointDue', () => {
  it('saves on steps when configured, and on time: first after FIRST_SAVE_MILLIS, then every SAVE_EVERY_MILLIS', () => {
    expect(checkpointDue(200, { steps: 200, millis: 0, saved: true })).toBe(true);
    expect(checkpointDue(200, { steps: 199, millis: FIRST_SAVE_MILLIS - 1, saved: false })).toBe(false);
    expect(checkpointDue(200, { steps: 5, millis: FIRST_SAVE_MILLIS, saved: false })).toBe(true);
    expect(checkpointDue(0, { steps: 5, millis: FIRST_SAVE_MILLIS, saved: true })).toBe(false);
    expect(checkpointDue(0, { steps: 5, millis: SAVE_EVERY_MILLIS, saved: true })).toBe(true);
    expect(checkpointDue(0, { steps: 0, millis: 10 * SAVE_EVERY_MILLIS, saved: false })).toBe(false); // nothing new
    expect(FIRST_SAVE_MILLIS).toBeLessThanOrEqual(60_000); // the issue: the first save within a minute
  });
});

describe('afterInterval', () => {
  const config = defaultConfig();
  config.train.checkpointEvery = 10;
  config.train.evalEveryEpochs = 1;
  const end = (step: number, extra: Partial<IntervalEnd> = {}): IntervalEnd => ({
    config,
    stepsPerEpoch: 20,
    stepBefore: step - 10,
    step,
    done: false,
    sinceSave: () => ({ steps: 10, saved: true }),
    ...extra,
  });
  const record = async (e: IntervalEnd) => {
    const done: string[] = [];
    await afterInterval(e, { checkpoint: async () => void done.push('checkpoint'), evaluate: async () => void done.push('evaluate') });
    return done;
  };

  it('saves before it evaluates when both fall due, so a failed evaluation costs no steps', async () => {
    expect(await record(end(20))).toEqual(['checkpoint', 'evaluate']);
  });

  it('evaluates on epoch boundaries only, and leaves the last step to the final evaluation', async () => {
    expect(await record(end(30))).toEqual(['checkpoint']);
    expect(await record(end(40, { done: true }))).toEqual(['checkpoint']);
  });

  it('does what was asked for, read when it is its turn', async () => {
    let evaluate = false;
    const asked = end(30, {
      sinceSave: () => ({ steps: 3, saved: true }),
      saveRequested: () => ((evaluate = true), true), // the request to evaluate arrives during the save
      evaluateRequested: () => evaluate,
    });
    expect(await record(asked)).toEqual(['checkpoint', 'evaluate']);
  });

  it('without a clock (the headless trainer) saves on steps only', async () => {
    expect(await record(end(30, { sinceSave: () => ({ steps: 9, saved: false }) }))).toEqual([]);
    expect(checkpointDue(0, { steps: 1000, saved: true })).toBe(false);
  });
});
