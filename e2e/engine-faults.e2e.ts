// Faults a run survives: NaN loss, GPU device loss, worker crash, full storage while
// autosaving, and malformed or foreign checkpoint files.
import { zipSync, strToU8 } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { openLab, type LabBrowser } from './support/browser';
import { events, lastProgress, openDiagnostics, send, tinyConfig, waitForEvent } from './support/engine';

let lab: LabBrowser | undefined;
afterEach(async () => {
  if (lab) await lab.close();
  lab = undefined;
});

async function openWithFaults(): Promise<LabBrowser> {
  lab = await openLab();
  await openDiagnostics(lab.page, lab.baseUrl, true);
  return lab;
}

const storedRun = (runId: string) =>
  lab!.page.evaluate(async (id) => {
    const db = await window.lab.runs();
    return { run: await db.getRun(id), checkpoints: await db.checkpointSteps(id) };
  }, runId);

const errorsOf = async (runId: string) => (await events(lab!.page)).filter((e) => e.type === 'error' && e.runId === runId);

describe('engine faults', () => {
  it('stops a run whose loss turns NaN as diverged, naming the value and step, and keeps the last good checkpoint', async () => {
    const { page } = await openWithFaults();
    await send(page, { type: 'start', runId: 'n1', name: 'nan', config: tinyConfig((c) => (c.train.checkpointEvery = 2)), backend: 'wasm' });
    await waitForEvent(page, `e.type === 'checkpointSaved' && e.runId === 'n1' && e.step >= 3`);
    await send(page, { type: 'injectFault', runId: 'n1', fault: 'nan' });
    await waitForEvent(page, `e.type === 'error' && e.runId === 'n1'`);
    const [error] = await errorsOf('n1');
    expect(error.type === 'error' && error.kind).toBe('diverged');
    expect(error.type === 'error' && error.message).toMatch(/loss became NaN at step \d+/);
    const { run, checkpoints } = await storedRun('n1');
    expect(run?.status).toBe('diverged');
    const badStep = Number(/at step (\d+)/.exec(error.type === 'error' ? error.message : '')![1]);
    // No checkpoint was written from the poisoned weights.
    expect(Math.max(...checkpoints)).toBeLessThan(badStep);
    // The kept checkpoint still loads and trains.
    await send(page, { type: 'resume', runId: 'n1', backend: 'wasm' });
    await waitForEvent(page, `e.type === 'metrics' && e.runId === 'n1' && e.points.some((p) => p.step > ${Math.max(...checkpoints)})`);
    await send(page, { type: 'stop', runId: 'n1' });
  });

  it('reports a lost GPU device and resumes from the last checkpoint on another backend', async () => {
    const { page } = await openWithFaults();
    await send(page, { type: 'start', runId: 'd1', name: 'device', config: tinyConfig((c) => (c.train.checkpointEvery = 2)), backend: 'webgpu' });
    await waitForEvent(page, `e.type === 'checkpointSaved' && e.runId === 'd1' && e.step >= 2`);
    await send(page, { type: 'injectFault', runId: 'd1', fault: 'device-lost' });
    await waitForEvent(page, `e.type === 'error' && e.runId === 'd1'`);
    const [error] = await errorsOf('d1');
    expect(error.type === 'error' && error.kind).toBe('device-lost');
    expect(error.type === 'error' && error.message).toMatch(/GPU device was lost.*Resume from the checkpoint of step \d+/);
    expect((await storedRun('d1')).run?.status).toBe('interrupted');
    const checkpoint = (await storedRun('d1')).run!.checkpointStep!;
    await send(page, { type: 'resume', runId: 'd1', backend: 'wasm' });
    await waitForEvent(page, `e.type === 'backend' && e.runId === 'd1' && e.report.name === 'wasm'`);
    await waitForEvent(page, `e.type === 'metrics' && e.runId === 'd1' && e.points.some((p) => p.step > ${checkpoint})`);
    await send(page, { type: 'stop', runId: 'd1' });
  });

  it('survives a worker crash: the page is told, a fresh worker resumes the run', async () => {
    const { page } = await openWithFaults();
    await send(page, { type: 'start', runId: 'c1', name: 'crash', config: tinyConfig((c) => (c.train.checkpointEvery = 2)), backend: 'wasm' });
    await waitForEvent(page, `e.type === 'checkpointSaved' && e.runId === 'c1' && e.step >= 2`);
    await send(page, { type: 'injectFault', runId: 'c1', fault: 'crash' });
    await waitForEvent(page, `e.type === 'error' && e.kind === 'crashed'`);
    await waitForEvent(
      page,
      `e.type === 'hello' && window.lab.events.indexOf(e) > window.lab.events.findIndex((x) => x.type === 'error' && x.kind === 'crashed')`,
    );
    const checkpoint = (await storedRun('c1')).run!.checkpointStep!;
    await send(page, { type: 'resume', runId: 'c1', backend: 'wasm' });
    await waitForEvent(page, `e.type === 'metrics' && e.runId === 'c1' && e.points.some((p) => p.step > ${checkpoint})`);
    await send(page, { type: 'stop', runId: 'c1' });
  });

  it('pauses with a message when storage is full while autosaving, and keeps the older checkpoints', async () => {
    const { page } = await openWithFaults();
    await send(page, { type: 'start', runId: 'q1', name: 'quota', config: tinyConfig((c) => (c.train.checkpointEvery = 2)), backend: 'wasm' });
    await waitForEvent(page, `e.type === 'checkpointSaved' && e.runId === 'q1' && e.step >= 3`);
    await send(page, { type: 'injectFault', runId: 'q1', fault: 'quota' });
    await waitForEvent(page, `e.type === 'error' && e.runId === 'q1'`);
    const [error] = await errorsOf('q1');
    expect(error.type === 'error' && error.kind).toBe('quota');
    expect(error.type === 'error' && error.message).toMatch(/storage is full.*Training is paused/);
    expect((await lastProgress(page, 'q1'))?.status).toBe('paused');
    const after = await storedRun('q1');
    expect(after.run?.status).toBe('paused');
    const failedStep = Number(/checkpoint at step (\d+) could not be saved/.exec(error.type === 'error' ? error.message : '')![1]);
    expect(after.checkpoints.length).toBeGreaterThan(0);
    expect(Math.max(...after.checkpoints)).toBeLessThan(failedStep);
    // The older checkpoints still decode: resume trains on from the newest one.
    await send(page, { type: 'resume', runId: 'q1', backend: 'wasm' });
    await waitForEvent(page, `e.type === 'checkpointSaved' && e.runId === 'q1' && e.step > ${Math.max(...after.checkpoints)}`);
    await send(page, { type: 'stop', runId: 'q1' });
  });

  it('rejects malformed and foreign checkpoint files with a message', async () => {
    const { page } = await openWithFaults();
    const files: [string, Uint8Array, RegExp][] = [
      ['noise.zip', new Uint8Array([1, 2, 3, 4, 5]), /not a readable zip file/],
      ['keras.zip', zipSync({ 'model.json': strToU8('{"modelTopology":{}}') }), /must hold manifest.json and weights.bin/],
      ['foreign.zip', zipSync({ 'manifest.json': strToU8('{"format":"other"}'), 'weights.bin': new Uint8Array(4) }), /does not declare format/],
    ];
    for (const [name, bytes, message] of files) {
      const runId = `bad-${name}`;
      await page.evaluate(
        ({ runId: id, name: n, bytes: b }) => {
          const buffer = new Uint8Array(b).buffer;
          window.lab.client.send({ type: 'importCheckpoint', runId: id, fileName: n, bytes: buffer }, [buffer]);
        },
        { runId, name, bytes: Array.from(bytes) },
      );
      await waitForEvent(page, `e.type === 'error' && e.runId === '${runId}'`);
      const [error] = await errorsOf(runId);
      expect(error.type === 'error' && error.kind).toBe('import');
      expect(error.type === 'error' && error.message).toMatch(new RegExp(name.replace('.', '\\.')));
      expect(error.type === 'error' && error.message).toMatch(message);
      expect((await storedRun(runId)).run).toBeUndefined();
    }
  });
});
