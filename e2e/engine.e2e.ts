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
    // No leak on WebGPU either: after the first interval (momentum buffers made) the worker's
    // tensor count stays put, across the pause and resume. (200 steps: engine-backends, wasm;
    // SwiftShader takes seconds per step, so here only the steps this test trains anyway.)
    const counts = points.map((p) => p.memory.tensors);
    console.log(`webgpu, ${points[points.length - 1].step} steps: tensor counts ${counts.join(', ')}`);
    expect(new Set(counts.slice(1)).size).toBe(1);
    const record = await page.evaluate(async () => (await window.lab.runs()).getRun('r1'));
    expect(record?.status).toBe('stopped');
    expect(record?.checkpointStep).toBe((await lastProgress(page, 'r1'))!.step);
    expect(await page.evaluate(async () => (await (await window.lab.runs()).metrics('r1')).length)).toBe(points.length);
  });
});

describe('engine across a page reload', () => {
  it('lists the run with its history after a reload and resumes from its last checkpoint', async () => {
    lab = await openLab();
    await openDiagnostics(lab.page, lab.baseUrl);
    const config = tinyConfig((c) => (c.train.checkpointEvery = 2));
    await send(lab.page, { type: 'start', runId: 'r2', name: 'reloaded', config, backend: 'webgpu' });
    await waitForEvent(lab.page, `e.type === 'checkpointSaved' && e.runId === 'r2' && e.step >= 3`);
    const before = await metricSteps(lab.page, 'r2');

    // A reload kills the worker mid-run; a new page and a new worker know only IndexedDB.
    await lab.page.reload();
    await openDiagnostics(lab.page, lab.baseUrl);
    const stored = await lab.page.evaluate(async () => {
      const db = await window.lab.runs();
      const run = await db.getRun('r2');
      return { run, metrics: (await db.metrics('r2')).map((p) => p.step), checkpoint: (await db.latestCheckpoint('r2'))?.step };
    });
    expect(stored.run?.name).toBe('reloaded');
    expect(stored.checkpoint).toBeGreaterThanOrEqual(3);
    expect(stored.metrics.length).toBeGreaterThan(0);
    expect(stored.metrics).toEqual(before.slice(0, stored.metrics.length));

    await send(lab.page, { type: 'resume', runId: 'r2', backend: 'webgpu' });
    await waitForEvent(lab.page, `e.type === 'metrics' && e.runId === 'r2'`);
    const resumedSteps = await metricSteps(lab.page, 'r2');
    // The first point after the resume continues from the checkpoint, not from step 0.
    expect(resumedSteps[0]).toBeGreaterThan(stored.checkpoint!);
    await send(lab.page, { type: 'stop', runId: 'r2' });
    await waitForEvent(lab.page, `e.type === 'progress' && e.runId === 'r2' && e.status === 'stopped'`);
    const history = await lab.page.evaluate(async () => (await (await window.lab.runs()).metrics('r2')).map((p) => p.step));
    // One history, in order, without duplicated steps across the reload.
    expect(history).toEqual([...new Set(history)].sort((a, b) => a - b));
  });
});
