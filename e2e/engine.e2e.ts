// The training engine in a real browser worker on WebGPU (SwiftShader): a run reports its
// backend, produces metric points, pauses, resumes, stops, and survives a page reload.
import { afterEach, describe, expect, it } from 'vitest';
import { openLab, type LabBrowser } from './support/browser';
import { events, lastProgress, metricSteps, openDiagnostics, send, tinyConfig, waitForEvent } from './support/engine';

let lab: LabBrowser | undefined;
afterEach(async () => {
  if (lab) await lab.close();
  lab = undefined;
});

describe('engine on WebGPU', () => {
  it('trains, pauses, resumes and stops a synthetic run', async () => {
    lab = await openLab();
    const { page } = lab;
    await openDiagnostics(page, lab.baseUrl);
    const config = tinyConfig();
    const started = Date.now();
    await send(page, { type: 'start', runId: 'r1', name: 'first', config, backend: 'webgpu' });
    await waitForEvent(page, `e.type === 'backend' && e.runId === 'r1'`);
    const backend = (await events(page)).find((e) => e.type === 'backend');
    expect(backend?.type === 'backend' && backend.report.name).toBe('webgpu');
    await waitForEvent(page, `e.type === 'progress' && e.phase === 'compiling'`);
    await waitForEvent(page, `e.type === 'metrics' && e.runId === 'r1' && e.points.some((p) => p.step >= 3)`);
    console.log(`first 3 steps on webgpu (SwiftShader): ${((Date.now() - started) / 1000).toFixed(1)} s`);

    await send(page, { type: 'pause', runId: 'r1' });
    await waitForEvent(page, `e.type === 'progress' && e.runId === 'r1' && e.status === 'paused'`);
    const pausedAt = (await lastProgress(page, 'r1'))!.step;
    await new Promise((r) => setTimeout(r, 1500));
    expect((await lastProgress(page, 'r1'))!.step).toBe(pausedAt); // nothing trains while paused

    await send(page, { type: 'resume', runId: 'r1' });
    await waitForEvent(page, `e.type === 'metrics' && e.runId === 'r1' && e.points.some((p) => p.step >= ${pausedAt + 2})`);
    await send(page, { type: 'stop', runId: 'r1' });
    await waitForEvent(page, `e.type === 'progress' && e.runId === 'r1' && e.status === 'stopped'`);

    const steps = await metricSteps(page, 'r1');
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    const points = (await events(page)).flatMap((e) => (e.type === 'metrics' ? e.points : []));
    for (const p of points) expect(Number.isFinite(p.values.loss)).toBe(true);
    const record = await page.evaluate(async () => (await window.lab.runs()).getRun('r1'));
    expect(record?.status).toBe('stopped');
    expect(record?.checkpointStep).toBe((await lastProgress(page, 'r1'))!.step);
    expect(await page.evaluate(async () => (await (await window.lab.runs()).metrics('r1')).length)).toBe(points.length);
  });
});
