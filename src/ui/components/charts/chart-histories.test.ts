import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { labStore, resetLab } from '../../state/store';
import { metricPoint } from '../../testing';
import { CHART_INTERVAL, STAGGER_MILLIS, getChartHistories, subscribeChartHistories } from './chart-histories';

beforeEach(() => {
  vi.useFakeTimers();
  resetLab();
  vi.advanceTimersByTime(10 * CHART_INTERVAL); // a quiet spell
});
afterEach(() => vi.useRealTimers());

describe('chart redraw throttle', () => {
  it('shows the first change at once, then at most one redraw per interval, never losing the last', () => {
    let redraws = 0;
    const unsubscribe = subscribeChartHistories(() => redraws++);
    labStore.getState().appendMetrics({ r: [metricPoint(1)] });
    vi.advanceTimersByTime(0);
    expect(redraws).toBe(1);
    for (let step = 2; step <= 10; step++) {
      labStore.getState().appendMetrics({ r: [metricPoint(step)] });
      vi.advanceTimersByTime(CHART_INTERVAL / 10);
    }
    expect(redraws).toBe(1); // nine updates within the interval: held back
    vi.advanceTimersByTime(CHART_INTERVAL);
    expect(redraws).toBe(2); // ... and drawn together once it has passed
    expect(getChartHistories().r.metrics).toHaveLength(10);
    unsubscribe();
  });

  it('hands each chart the update in its own task, one stagger apart, in slot order', () => {
    const seen: string[] = [];
    const off = [4, 0, 9].map((slot) => subscribeChartHistories(() => seen.push(`slot ${slot}`), slot));
    labStore.getState().appendMetrics({ r: [metricPoint(1)] });
    vi.advanceTimersByTime(0);
    expect(seen).toEqual(['slot 0']);
    expect(getChartHistories(4)).not.toBe(getChartHistories(0)); // not handed over yet
    vi.advanceTimersByTime(STAGGER_MILLIS);
    expect(seen).toEqual(['slot 0', 'slot 4']);
    vi.advanceTimersByTime(STAGGER_MILLIS);
    expect(seen).toEqual(['slot 0', 'slot 4', 'slot 9']);
    expect(getChartHistories(9).r.metrics).toHaveLength(1);
    off.forEach((unsubscribe) => unsubscribe());
  });
});
