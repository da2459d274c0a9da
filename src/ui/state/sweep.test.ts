import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config';
import { DEFAULT_STRENGTHS } from '../../core/config-presets';
import { cancelSweep, createSweep, itemGroup, markFinished, markStarted, nextItemIndex, sweepRunIds } from './sweep';

const make = () => createSweep('s1', 'Sweep 1', defaultConfig(), ['baseline', 'reg', 'discrete'], DEFAULT_STRENGTHS);

describe('sweep queue', () => {
  it('builds one config per preset on the same budget', () => {
    const sweep = make();
    expect(sweep.items.map((i) => i.name)).toEqual(['Sweep 1 · Baseline', 'Sweep 1 · +Regulariser', 'Sweep 1 · +Discrete']);
    expect(sweep.items.map((i) => i.config.loss.lmbd)).toEqual([0, 0.1, 0]);
    expect(new Set(sweep.items.map((i) => JSON.stringify(i.config.train))).size).toBe(1);
    expect(() => createSweep('x', 'x', defaultConfig(), [], DEFAULT_STRENGTHS)).toThrow();
  });

  it('runs items one at a time, in order, to the end', () => {
    let sweep = make();
    const ids: string[] = [];
    for (let k = 0; k < 3; k++) {
      const i = nextItemIndex(sweep);
      expect(i).toBe(k);
      sweep = markStarted(sweep, i, `run${k}`);
      ids.push(`run${k}`);
      expect(nextItemIndex(sweep)).toBe(-1); // one at a time
      sweep = markFinished(sweep, `run${k}`, 'paused'); // not an end: still running
      expect(sweep.items[k].status).toBe('running');
      sweep = markFinished(sweep, `run${k}`, k === 1 ? 'diverged' : 'done');
    }
    expect(sweep.state).toBe('done');
    expect(sweep.items.map((i) => i.status)).toEqual(['done', 'failed', 'done']);
    expect(sweepRunIds(sweep)).toEqual(ids);
    expect(nextItemIndex(sweep)).toBe(-1);
  });

  it('ignores runs that are not its own, and skips the rest when cancelled', () => {
    let sweep = markStarted(make(), 0, 'a');
    expect(markFinished(sweep, 'other', 'done')).toBe(sweep);
    sweep = cancelSweep(sweep);
    expect(sweep.state).toBe('cancelled');
    expect(sweep.items.map((i) => i.status)).toEqual(['running', 'skipped', 'skipped']);
    expect(nextItemIndex(markFinished(sweep, 'a', 'stopped'))).toBe(-1);
  });

  it('runs every preset with each of the same seeds, seed-major, grouped by variant', () => {
    const base = defaultConfig();
    base.seed = 5;
    const sweep = createSweep('s2', 'Sweep 2', base, ['baseline', 'discrete'], DEFAULT_STRENGTHS, 2);
    expect(sweep.items.map((i) => i.name)).toEqual([
      'Sweep 2 · Baseline · seed 5',
      'Sweep 2 · +Discrete · seed 5',
      'Sweep 2 · Baseline · seed 6',
      'Sweep 2 · +Discrete · seed 6',
    ]);
    expect(sweep.items.map((i) => i.config.seed)).toEqual([5, 5, 6, 6]);
    expect(sweep.items.map((i) => i.config.projector.pointNum)).toEqual([0, 5, 0, 5]);
    expect(itemGroup(sweep, sweep.items[3])).toEqual({ studyId: 's2', studyLabel: 'Sweep 2', variant: '+Discrete', seed: 6 });
    expect(() => createSweep('x', 'x', base, ['baseline'], DEFAULT_STRENGTHS, 0)).toThrow(/seeds per variant/);
  });
});
