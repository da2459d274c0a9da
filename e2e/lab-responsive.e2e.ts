// The main thread stays responsive while a run trains: long tasks (> 50 ms) on the page are
// recorded with a PerformanceObserver during 60 s of training with live charts, and printed.
// Only a generous bound is asserted: this 2-core machine runs the worker, SwiftShader-free
// wasm training and the page on the same cores, so figures here are noisy.
import { afterEach, describe, expect, it } from 'vitest';
import { openLab, type LabBrowser } from './support/browser';
import { chartPoints, labUrl, longTasks, observeLongTasks, tinyLabConfig, waitForReady } from './lab-helpers';

let lab: LabBrowser | undefined;
afterEach(async () => {
  if (lab) await lab.close();
  lab = undefined;
});

describe('responsiveness', () => {
  it('has no long main-thread task near a second during a 60 s run', async () => {
    lab = await openLab();
    const { page } = lab;
    // Long enough to keep training for the whole minute on wasm (about 10 steps/s here).
    const config = tinyLabConfig((c) => {
      c.data.syntheticTrainSize = 256;
      c.train.epochs = 60;
      c.train.logEvery = 2;
      c.train.checkpointEvery = 200;
    });
    await page.goto(labUrl(lab.baseUrl, config, 'wasm'));
    await waitForReady(page);
    await observeLongTasks(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForTimeout(60_000);
    const tasks = await longTasks(page);
    const points = await chartPoints(page, 'ssl-loss');
    const longest = Math.max(0, ...tasks);
    const total = tasks.reduce((a, b) => a + b, 0);
    console.log(`60 s of training (wasm): ${points} chart points; ${tasks.length} long tasks, longest ${longest.toFixed(0)} ms, ${total.toFixed(0)} ms in all`);
    expect(points).toBeGreaterThan(20);
    expect(longest).toBeLessThan(1000);
    // Before charts redrew one per task (chart-histories.ts), long tasks took 51 s of the 60.
    expect(total).toBeLessThan(15_000);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
  });
});
