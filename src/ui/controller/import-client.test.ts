// The import worker's client against a fake worker (Node has no module workers): progress
// passed on, the outcome or the worker's error, a crash explained, and the worker ended in every
// case, including when the caller aborts or times out (ending it is what frees its memory).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReplyTimeoutError } from '../../core/worker-rpc';
import type { ImportProgress, ImportRequest, ImportWorkerReply } from '../export/bundle-import';
import { workerUnpacker, type ImportWorker } from './import-client';

class FakeImportWorker implements ImportWorker {
  onmessage: ImportWorker['onmessage'] = null;
  onerror: ImportWorker['onerror'] = null;
  posted: { message: unknown; transfer: unknown }[] = [];
  terminated = 0;
  postMessage(message: unknown, transfer?: unknown): void {
    this.posted.push({ message, transfer });
  }
  terminate(): void {
    this.terminated++;
  }
  reply(reply: ImportWorkerReply): void {
    this.onmessage?.({ data: reply } as MessageEvent<ImportWorkerReply>);
  }
}

function setup() {
  const workers: FakeImportWorker[] = [];
  const unpack = workerUnpacker(() => {
    workers.push(new FakeImportWorker());
    return workers.at(-1)!;
  });
  const request = (): ImportRequest => ({ bytes: new ArrayBuffer(4), fileName: 'run.bundle.zip', runId: 'r', takenNames: [] });
  return { workers, unpack, request };
}

afterEach(() => vi.useRealTimers());

describe('unpacking in the import worker', () => {
  it('passes progress on, resolves with the outcome, transfers the bytes and ends the worker', async () => {
    const { workers, unpack, request } = setup();
    const progress: ImportProgress[] = [];
    const sent = request();
    const outcome = unpack(sent, { onProgress: (p) => progress.push(p) });
    const [worker] = workers;
    expect(worker.posted).toEqual([{ message: sent, transfer: [sent.bytes] }]);
    worker.reply({ type: 'progress', progress: { stage: 'storing', done: 1, total: 2 } });
    expect(worker.terminated).toBe(0);
    worker.reply({ type: 'done', outcome: { kind: 'checkpoint', bytes: new ArrayBuffer(2) } });
    expect((await outcome).kind).toBe('checkpoint');
    expect(progress).toEqual([{ stage: 'storing', done: 1, total: 2 }]);
    expect(worker.terminated).toBe(1);
  });

  it("rejects with the worker's message, or explains a crash, and ends the worker", async () => {
    const { workers, unpack, request } = setup();
    const refused = unpack(request());
    workers[0].reply({ type: 'error', message: 'run.json is not a run record' });
    await expect(refused).rejects.toThrow('run.json is not a run record');
    const crashed = unpack(request());
    const preventDefault = vi.fn();
    workers[1].onerror?.({ message: '', preventDefault } as unknown as ErrorEvent);
    await expect(crashed).rejects.toThrow(/the browser ended it, most likely for lack of memory\)\. Close other tabs/);
    expect(preventDefault).toHaveBeenCalled();
    expect(workers.map((w) => w.terminated)).toEqual([1, 1]);
  });

  it('ends the worker when the caller aborts or the timeout passes; a late reply changes nothing', async () => {
    const { workers, unpack, request } = setup();
    const controller = new AbortController();
    const aborted = unpack(request(), { signal: controller.signal });
    controller.abort(new Error('The import was cancelled.'));
    await expect(aborted).rejects.toThrow('The import was cancelled.');
    expect(workers[0].terminated).toBe(1);
    workers[0].reply({ type: 'done', outcome: { kind: 'checkpoint', bytes: new ArrayBuffer(2) } });
    expect(workers[0].terminated).toBe(1);

    vi.useFakeTimers();
    const slow = unpack(request(), { timeoutMs: 60_000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await slow).toBeInstanceOf(ReplyTimeoutError);
    expect(workers[1].terminated).toBe(1);
  });
});
