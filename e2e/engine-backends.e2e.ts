// The fallbacks (WebGL, wasm) run the same engine; the worker's tensor count stays flat over a
// long run; a checkpoint exported from one profile and imported into a fresh one gives the
// same encoder features.
import { afterEach, describe, expect, it } from 'vitest';
import { openLab, type LabBrowser } from './support/browser';
import { events, lastProgress, metricSteps, openDiagnostics, send, tinyConfig, waitForEvent } from './support/engine';

const opened: LabBrowser[] = [];
async function open(): Promise<LabBrowser> {
  const lab = await openLab();
  opened.push(lab);
  await openDiagnostics(lab.page, lab.baseUrl);
  return lab;
}
afterEach(async () => {
  for (const lab of opened.splice(0)) await lab.close();
});

describe.each(['webgl', 'wasm'] as const)('engine on %s', (backend) => {
  it('trains, pauses, resumes and stops', async () => {
    const { page } = await open();
    await send(page, { type: 'start', runId: 'b1', name: backend, config: tinyConfig(), backend });
    await waitForEvent(page, `e.type === 'backend' && e.runId === 'b1'`);
    const report = (await events(page)).find((e) => e.type === 'backend');
    expect(report?.type === 'backend' && report.report.name).toBe(backend);
    await waitForEvent(page, `e.type === 'metrics' && e.points.some((p) => p.step >= 3)`);
    await send(page, { type: 'pause', runId: 'b1' });
    await waitForEvent(page, `e.type === 'progress' && e.status === 'paused'`);
    const pausedAt = (await lastProgress(page, 'b1'))!.step;
    await send(page, { type: 'resume', runId: 'b1' });
    await waitForEvent(page, `e.type === 'metrics' && e.points.some((p) => p.step >= ${pausedAt + 2})`);
    await send(page, { type: 'stop', runId: 'b1' });
    await waitForEvent(page, `e.type === 'progress' && e.status === 'stopped'`);
    const steps = await metricSteps(page, 'b1');
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps[steps.length - 1]).toBeGreaterThanOrEqual(pausedAt + 2);
  });
});

describe('engine commands while a run loads (wasm)', () => {
  it('keeps a pause sent before the run has loaded its data, and resumes from there', async () => {
    const { page } = await open();
    // Sent back to back: the pause reaches the worker while the start still loads data.
    await page.evaluate((config) => {
      window.lab.client.send({ type: 'start', runId: 'p1', name: 'early pause', config, backend: 'wasm' });
      window.lab.client.send({ type: 'pause', runId: 'p1' });
    }, tinyConfig());
    await waitForEvent(page, `e.type === 'progress' && e.runId === 'p1' && e.status === 'paused'`);
    const paused = (await lastProgress(page, 'p1'))!;
    expect(paused.step).toBe(0); // paused before the first step
    const stored = await page.evaluate(async () => (await window.lab.runs()).getRun('p1'));
    expect(stored?.status).toBe('paused');
    expect(stored?.checkpointStep).toBe(0); // something to resume from
    await send(page, { type: 'resume', runId: 'p1' });
    await waitForEvent(page, `e.type === 'metrics' && e.runId === 'p1' && e.points.some((p) => p.step >= 2)`);
    await send(page, { type: 'stop', runId: 'p1' });
    await waitForEvent(page, `e.type === 'progress' && e.runId === 'p1' && e.status === 'stopped'`);
  });
});

describe('engine memory and checkpoints (wasm)', () => {
  it('keeps the worker tensor count flat over 200 steps', async () => {
    const { page } = await open();
    const config = tinyConfig((c) => {
      c.train.epochs = 26; // 8 steps per epoch: 208 steps
      c.train.logEvery = 10;
      c.train.checkpointEvery = 100;
    });
    await send(page, { type: 'start', runId: 'm1', name: 'memory', config, backend: 'wasm' });
    await waitForEvent(page, `e.type === 'progress' && e.runId === 'm1' && e.status === 'done'`, 600_000);
    const points = (await events(page)).flatMap((e) => (e.type === 'metrics' ? e.points : []));
    const counts = points.map((p) => p.memory.tensors);
    console.log(
      `wasm, ${points[points.length - 1].step} steps: tensor counts ${[...new Set(counts)].join(', ')}; ${points[points.length - 1].stepMillis.toFixed(0)} ms/step`,
    );
    expect(points[points.length - 1].step).toBeGreaterThanOrEqual(200);
    // After the first interval (momentum buffers created) the count never changes.
    expect(new Set(counts.slice(1)).size).toBe(1);
  });

  it('exports a checkpoint, imports it into a fresh profile, and gets the same Z1 features', async () => {
    const first = await open();
    await send(first.page, { type: 'start', runId: 'x1', name: 'exported', config: tinyConfig((c) => (c.train.epochs = 1)), backend: 'wasm' });
    await waitForEvent(first.page, `e.type === 'progress' && e.runId === 'x1' && e.status === 'done'`);
    const featuresOf = async (lab: LabBrowser, runId: string) => {
      await send(lab.page, { type: 'exportFeatures', runId, limit: 16 });
      await waitForEvent(lab.page, `e.type === 'features' && e.runId === '${runId}'`);
      return lab.page.evaluate((id) => {
        const e = window.lab.events.find((x) => x.type === 'features' && x.runId === id);
        return e && e.type === 'features' ? Array.from(new Float32Array(e.z1)) : [];
      }, runId);
    };
    const before = await featuresOf(first, 'x1');
    await send(first.page, { type: 'exportCheckpoint', runId: 'x1' });
    await waitForEvent(first.page, `e.type === 'exported' && e.runId === 'x1'`);
    const file = await first.page.evaluate(() => {
      const e = window.lab.events.find((x) => x.type === 'exported');
      return e && e.type === 'exported' ? { name: e.fileName, bytes: Array.from(new Uint8Array(e.bytes)) } : undefined;
    });
    expect(file?.name).toMatch(/^exported-step8\.zip$/);

    const second = await open(); // a fresh profile: empty IndexedDB
    await second.page.evaluate(({ name, bytes }) => {
      const buffer = new Uint8Array(bytes).buffer;
      window.lab.client.send({ type: 'importCheckpoint', runId: 'y1', fileName: name, bytes: buffer }, [buffer]);
    }, file!);
    await waitForEvent(second.page, `e.type === 'imported' && e.runId === 'y1'`);
    await send(second.page, { type: 'resume', runId: 'y1', backend: 'wasm' }); // loads it (the run is complete: nothing trains)
    await waitForEvent(second.page, `e.type === 'progress' && e.runId === 'y1' && e.status === 'done'`);
    const after = await featuresOf(second, 'y1');
    expect(after.length).toBe(before.length);
    let maxDiff = 0;
    for (let i = 0; i < before.length; i++) maxDiff = Math.max(maxDiff, Math.abs(before[i] - after[i]));
    console.log(`Z1 features after export/import: max |difference| ${maxDiff} over ${before.length} values`);
    expect(maxDiff).toBeLessThan(1e-4);
    expect(before.some((v) => v !== 0)).toBe(true);
  });
});
