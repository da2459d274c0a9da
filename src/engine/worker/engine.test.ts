// The engine's command handler in Node (CPU backend, fake-indexeddb, a fake worker global):
// the run lifecycle, a pause sent while a run loads, checkpoint files, and failures reported as
// `error` events. What needs a browser (WebGPU, wasm threads, a real worker crash, a reload)
// stays in e2e/engine*.e2e.ts. No test waits on the clock: the fake host answers events.
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../checkpoint/format';
import { PROTOCOL_VERSION, type EngineEvent } from '../protocol';
import { FakeEngineHost } from '../../test/fake-engine-host';
import { tinyRunConfig } from '../../test/tiny-config';

// 8 steps an epoch, 8,000 in all: the tests pause or stop it long before; saves every 4 steps.
const config = tinyRunConfig((c) => {
  c.train.epochs = 1000;
  c.train.checkpointEvery = 4;
  c.train.evalEveryEpochs = 0;
});
const start = (runId: string, name = 'Tiny run') => ({ type: 'start', runId, name, config, backend: 'auto' }) as const;
const isMetrics = (e: EngineEvent): e is Extract<EngineEvent, { type: 'metrics' }> => e.type === 'metrics';
const lastStep = (host: FakeEngineHost) => host.of('metrics').at(-1)?.points.at(-1)?.step ?? 0;

const hosts: FakeEngineHost[] = [];
async function newHost(from?: FakeEngineHost): Promise<FakeEngineHost> {
  const host = await FakeEngineHost.create(from?.db);
  hosts.push(host);
  return host;
}
afterEach(async () => {
  // Stop whatever still trains so the next test has the CPU (each run's loop ends on its own).
  for (const host of hosts.splice(0)) for (const e of host.of('backend')) host.engine.receive({ type: 'stop', runId: e.runId });
});

/** The page's answer to the `n`-th metrics message of a run: a pause or a stop. */
function after(host: FakeEngineHost, n: number, type: 'pause' | 'stop', runId: string) {
  let seen = 0;
  host.onEvent = (e, engine) => {
    if (e.type === 'metrics' && e.runId === runId && ++seen === n) engine.receive({ type, runId });
  };
}

describe('engine handler: protocol', () => {
  it('answers hello with its protocol version; fault injection only when hello enabled it', async () => {
    const host = await newHost();
    host.engine.receive({ type: 'hello', version: PROTOCOL_VERSION });
    expect(host.events).toEqual([{ type: 'hello', version: PROTOCOL_VERSION, faultInjection: false }]);
    host.engine.receive({ type: 'injectFault', runId: 'x', fault: 'crash' });
    const refused = await host.next((e) => e.type === 'error');
    expect(refused).toMatchObject({ kind: 'protocol', command: 'injectFault', runId: 'x', message: /not enabled/ });
    expect(host.crashes).toBe(0);
    await host.engine.handle({ type: 'hello', version: PROTOCOL_VERSION, faultInjection: true });
    await host.engine.handle({ type: 'injectFault', runId: 'x', fault: 'crash' });
    expect(host.crashes).toBe(1);
  });
});

describe('engine handler: a run', () => {
  it('starts, pauses, resumes in memory, stops; a second engine resumes from the checkpoint', async () => {
    const host = await newHost();
    after(host, 2, 'pause', 'r');
    await host.engine.handle(start('r')); // resolves when the loop settles
    const paused = host.of('progress', 'r').at(-1)!;
    expect(paused.status).toBe('paused');
    expect(host.of('backend', 'r')[0].report.name).toBe('cpu');
    expect(host.of('progress', 'r').map((e) => e.phase)).toEqual(expect.arrayContaining(['loading-data', 'compiling', 'training', 'saving']));
    const stored = (await host.db.getRun('r'))!;
    expect(stored).toMatchObject({ status: 'paused', step: paused.step, checkpointStep: paused.step, backend: 'cpu', origin: 'local' });
    expect(stored.totalSteps).toBe(8000);
    expect((await host.db.latestCheckpoint('r'))?.step).toBe(paused.step);

    after(host, 2, 'stop', 'r');
    await host.engine.handle({ type: 'resume', runId: 'r' });
    expect(host.of('progress', 'r').at(-1)!.status).toBe('stopped');
    const steps = host.of('metrics', 'r').flatMap((e) => e.points.map((p) => p.step));
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(lastStep(host)).toBeGreaterThan(paused.step);
    const stopped = (await host.db.getRun('r'))!;
    expect(stopped.status).toBe('stopped');

    // A fresh engine (a restarted worker) on the same database: from the stored checkpoint.
    const again = await newHost(host);
    after(again, 1, 'pause', 'r');
    await again.engine.handle({ type: 'resume', runId: 'r' });
    expect(again.of('progress', 'r')[0]).toMatchObject({ phase: 'loading-data', step: stopped.checkpointStep });
    expect(again.of('metrics', 'r')[0].points[0].step).toBeGreaterThan(stopped.checkpointStep!);
    expect(await again.db.metrics('r')).toHaveLength(new Set((await again.db.metrics('r')).map((p) => p.step)).size); // no step twice
  });

  it('keeps a pause sent before the run has loaded its data: paused at step 0 with a checkpoint', async () => {
    const host = await newHost();
    host.engine.receive(start('p')); // back to back: the pause arrives while the start loads
    host.engine.receive({ type: 'pause', runId: 'p' });
    const paused = await host.next((e) => e.type === 'progress' && e.status === 'paused');
    expect(paused).toMatchObject({ runId: 'p', step: 0 });
    expect(host.events.some(isMetrics)).toBe(false);
    expect(await host.db.getRun('p')).toMatchObject({ status: 'paused', checkpointStep: 0 });
    after(host, 1, 'stop', 'p');
    await host.engine.handle({ type: 'resume', runId: 'p' });
    expect(host.of('progress', 'p').at(-1)!.status).toBe('stopped');
    expect(host.of('metrics', 'p')[0].points[0].step).toBe(1); // from step 0: the first step, alone (it compiles)
  });

  it('refuses a second run while one trains, and a save or evaluation of a run it has not loaded', async () => {
    const host = await newHost();
    let refused: unknown;
    host.onEvent = (e, engine) => {
      if (e.type !== 'metrics' || refused) return;
      refused = engine.handle(start('other')).catch((err: unknown) => err);
      engine.receive({ type: 'stop', runId: 'busy' });
    };
    await host.engine.handle(start('busy'));
    expect(await refused).toMatchObject({ message: /Another run \(busy\) is training/ });
    host.engine.receive({ type: 'saveCheckpoint', runId: 'nobody' });
    host.engine.receive({ type: 'evaluate', runId: 'nobody' });
    await host.next((e) => e.type === 'error' && e.command === 'evaluate');
    expect(host.of('error').map((e) => [e.command, e.kind])).toEqual([
      ['saveCheckpoint', 'data'],
      ['evaluate', 'data'],
    ]);
  });
});

describe('engine handler: checkpoints', () => {
  it('saves on the step schedule, exports the file by the run slug, and imports it as a paused run', async () => {
    const host = await newHost();
    after(host, 4, 'pause', 'c');
    await host.engine.handle(start('c', '#3 Tiny SimCLR'));
    // Steps 1 (alone: it compiles), 3, 5, … end the intervals: the schedule's first save (4
    // steps) is at the end of step 5; the pause saves where the run stopped.
    const saves = host.of('checkpointSaved', 'c').map((e) => e.step);
    const step = (await host.db.getRun('c'))!.checkpointStep!;
    expect(saves[0]).toBe(5);
    expect(saves.at(-1)).toBe(step);
    expect(step).toBe(host.of('progress', 'c').at(-1)!.step);

    host.engine.receive({ type: 'exportCheckpoint', runId: 'c' });
    const file = await host.next((e): e is Extract<EngineEvent, { type: 'exported' }> => e.type === 'exported');
    expect(file.fileName).toBe(`3-tiny-simclr-step${step}.zip`);
    const checkpoint = decodeCheckpoint(new Uint8Array(file.bytes), file.fileName);
    expect(checkpoint.meta.step).toBe(step);
    for (const t of [...checkpoint.model.values(), ...checkpoint.optimizer.values()]) t.dispose();

    const other = await newHost(); // another browser profile
    await other.engine.handle({ type: 'importCheckpoint', runId: 'i', fileName: file.fileName, bytes: file.bytes });
    expect(other.of('imported')).toEqual([{ type: 'imported', runId: 'i', name: `3-tiny-simclr-step${step}` }]);
    expect(await other.db.getRun('i')).toMatchObject({ status: 'paused', step, checkpointStep: step, totalSteps: 8000, origin: 'imported' });
  });
});

describe('engine handler: request ids', () => {
  it('echoes each request id on its answer and on its error; unsolicited events and other errors carry none', async () => {
    const host = await newHost();
    host.engine.receive(start('q')); // paused before it loads: a checkpoint at step 0, no training
    host.engine.receive({ type: 'pause', runId: 'q' });
    await host.next((e) => e.type === 'progress' && e.status === 'paused');
    const answerTo = (requestId: number) => host.next((e) => 'requestId' in e && e.requestId === requestId);
    // Two requests of the same type for the same run, one of another format, one that fails.
    host.engine.receive({ type: 'exportCheckpoint', requestId: 1, runId: 'q' });
    host.engine.receive({ type: 'exportCheckpoint', requestId: 2, runId: 'q' });
    host.engine.receive({ type: 'exportPytorch', requestId: 3, runId: 'q', format: 'solo-learn-yaml' });
    host.engine.receive({ type: 'exportCheckpoint', requestId: 4, runId: 'ghost' });
    host.engine.receive({ type: 'evaluate', runId: 'nobody' });
    const [one, two, yaml, ghost] = await Promise.all([1, 2, 3, 4].map(answerTo));
    expect(one).toMatchObject({ type: 'exported', requestId: 1, runId: 'q', fileName: 'tiny-run-step0.zip' });
    expect(two).toMatchObject({ type: 'exported', requestId: 2, runId: 'q', fileName: 'tiny-run-step0.zip' });
    expect(yaml).toMatchObject({ type: 'exported', requestId: 3, runId: 'q', fileName: expect.stringMatching(/\.yaml$/) });
    expect(ghost).toMatchObject({ type: 'error', requestId: 4, runId: 'ghost', command: 'exportCheckpoint', kind: 'data' });
    await host.next((e) => e.type === 'error' && e.command === 'evaluate');
    expect(host.of('error', 'nobody')[0]).not.toHaveProperty('requestId');
    expect(host.events.filter((e) => e.type === 'progress' || e.type === 'backend').some((e) => 'requestId' in e)).toBe(false);

    const other = await newHost();
    host.engine.receive({ type: 'exportCheckpoint', runId: 'q' }); // no id (a test driving the worker directly): none echoed
    const raw = await host.next((e): e is Extract<EngineEvent, { type: 'exported' }> => e.type === 'exported' && !('requestId' in e));
    await other.engine.handle({ type: 'importCheckpoint', requestId: 5, runId: 'i', fileName: raw.fileName, bytes: raw.bytes });
    expect(other.of('imported')).toEqual([{ type: 'imported', requestId: 5, runId: 'i', name: 'tiny-run-step0' }]);
  });
});

describe('engine handler: failures are messages', () => {
  it('reports each failure as an error event naming the command, the run and what to do', async () => {
    const host = await newHost();
    host.engine.receive({ type: 'resume', runId: 'ghost' });
    host.engine.receive({ type: 'importCheckpoint', runId: 'bad', fileName: 'noise.zip', bytes: new Uint8Array([1, 2, 3]).buffer });
    host.engine.receive({ type: 'exportCheckpoint', runId: 'ghost' });
    const cifar = tinyRunConfig((c) => (c.data.dataset = 'cifar10'));
    host.engine.receive({ type: 'start', runId: 'nodata', name: 'no data', config: cifar, backend: 'auto' });
    await host.next((e) => e.type === 'error' && e.command === 'start');
    await host.next((e) => e.type === 'error' && e.command === 'exportCheckpoint');
    const errors = Object.fromEntries(host.of('error').map((e) => [e.command, e]));
    expect(errors.resume).toMatchObject({ runId: 'ghost', kind: 'data', message: 'There is no stored run ghost to resume.' });
    expect(errors.importCheckpoint).toMatchObject({ runId: 'bad', kind: 'import', message: /noise\.zip/ });
    expect(errors.exportCheckpoint).toMatchObject({ runId: 'ghost', kind: 'data', message: /no stored checkpoint/ });
    expect(errors.start).toMatchObject({
      runId: 'nodata',
      kind: 'data',
      message: /not cached in this browser yet: download or import it in the Datasets panel/,
    });
    // The run that never trained is recorded as failed, not left running.
    expect(await host.db.getRun('nodata')).toMatchObject({ status: 'failed' });
    expect(host.of('progress', 'nodata').at(-1)).toMatchObject({ status: 'failed' });
  });
});
