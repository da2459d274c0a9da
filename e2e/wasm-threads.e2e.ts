// Threaded wasm in the production bundle: the page is cross-origin isolated, the engine worker
// loads the threaded SIMD build with navigator.hardwareConcurrency XNNPACK threads (Emscripten
// pthread workers started from the package's own glue script), trains, and the header shows
// the thread count beside the backend.
import { afterEach, describe, expect, it } from 'vitest';
import { openLab, type LabBrowser } from './support/browser';
import { events, openDiagnostics, send, tinyConfig, waitForEvent } from './support/engine';
import { labUrl, tinyLabConfig, waitForChartPoints, waitForReady } from './lab-helpers';

let lab: LabBrowser | undefined;
afterEach(async () => {
  if (lab) await lab.close();
  lab = undefined;
});

describe('threaded wasm', () => {
  it('runs the engine on every core of a cross-origin isolated page', async () => {
    lab = await openLab();
    const { page } = lab;
    await openDiagnostics(page, lab.baseUrl);
    const { isolated, cores } = await page.evaluate(() => ({ isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency }));
    expect(isolated).toBe(true);
    await send(page, { type: 'start', runId: 't1', name: 'threads', config: tinyConfig(), backend: 'wasm' });
    await waitForEvent(page, `e.type === 'backend' && e.runId === 't1'`);
    const report = (await events(page)).find((e) => e.type === 'backend');
    expect(report?.type === 'backend' && report.report.name).toBe('wasm');
    expect(report?.type === 'backend' && report.report.threads).toBe(cores);
    await waitForEvent(page, `e.type === 'metrics' && e.runId === 't1' && e.points.some((p) => p.step >= 2)`);
    await send(page, { type: 'stop', runId: 't1' });
    await waitForEvent(page, `e.type === 'progress' && e.runId === 't1' && e.status === 'stopped'`);
    expect(lab.consoleLines.filter((l) => /is not defined|pthread|abort/i.test(l))).toEqual([]);
  });

  it('shows the thread count beside the backend in the lab', async () => {
    lab = await openLab();
    const { page } = lab;
    await page.goto(labUrl(lab.baseUrl, tinyLabConfig(), 'wasm'));
    await waitForReady(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForChartPoints(page, 'ssl-loss', 1);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await page.getByTestId('backend-threads').innerText()).toContain(`${cores} thread`);
  });
});
