// The data worker's client against a scripted fake worker: replies matched by request id, the
// protocol version checked on hello, cancel by AbortSignal, timeouts, a crash failing what
// waits. (The real worker behind it: e2e/datasets*.e2e.ts.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProtocolMismatchError, ReplyTimeoutError } from '../../core/worker-rpc';
import { DataClient } from './client';
import { DATA_PROTOCOL_VERSION, type DataCommand, type DataEvent } from './protocol';

const STATS = { imports: 0, parsedFiles: 0, fetches: 0, chunksWritten: 0 };

class FakeWorker {
  readonly sent: DataCommand[] = [];
  onmessage: ((event: MessageEvent<DataEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  /** Answers a command (or not); the default answers hello with the page's version. */
  script: (command: DataCommand) => void = (c) => {
    if (c.type === 'hello') this.reply({ type: 'hello', version: DATA_PROTOCOL_VERSION, stats: STATS });
  };
  postMessage(command: DataCommand): void {
    this.sent.push(command);
    this.script(command);
  }
  reply(event: DataEvent): void {
    this.onmessage?.({ data: event } as MessageEvent<DataEvent>);
  }
  terminate(): void {}
}

function client(script?: (command: DataCommand, worker: FakeWorker) => void) {
  const worker = new FakeWorker();
  const base = worker.script;
  if (script)
    worker.script = (c) => {
      base(c);
      script(c, worker);
    };
  return { worker, data: new DataClient(worker as unknown as Worker) };
}
const requestIdOf = (c: DataCommand) => ('requestId' in c ? c.requestId : -1);

afterEach(() => vi.useRealTimers());

describe('DataClient', () => {
  it('matches replies to requests by id, whatever their order', async () => {
    const { worker, data } = client();
    const a = data.verify('cifar10');
    const b = data.verify('synthetic');
    const [first, second] = worker.sent.filter((c) => c.type === 'verify');
    const report = (ok: boolean) => ({ ok, checkedChunks: 1, problems: [] }) as never;
    worker.reply({ type: 'verified', requestId: requestIdOf(second), id: 'synthetic', report: report(false) });
    worker.reply({ type: 'verified', requestId: requestIdOf(first), id: 'cifar10', report: report(true) });
    await expect(a).resolves.toMatchObject({ ok: true });
    await expect(b).resolves.toMatchObject({ ok: false });
  });

  it('refuses a worker of another build: its hello names another protocol version', async () => {
    const worker = new FakeWorker();
    worker.script = (c) => c.type === 'hello' && worker.reply({ type: 'hello', version: DATA_PROTOCOL_VERSION + 1, stats: STATS });
    const data = new DataClient(worker as unknown as Worker);
    const error = await data.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolMismatchError);
    expect((error as Error).message).toMatch(/protocol version 2, this page version 1: .* Reload the page/);
    expect(worker.sent.map((c) => c.type)).toEqual(['hello']); // nothing sent to it after that
  });

  it('stops waiting when the caller aborts, and ignores the late answer', async () => {
    const { worker, data } = client();
    const controller = new AbortController();
    const deleted = data.delete('cifar10', { signal: controller.signal });
    controller.abort(new Error('The person closed the panel.'));
    await expect(deleted).rejects.toThrow('The person closed the panel.');
    const sent = worker.sent.find((c) => c.type === 'delete')!;
    expect(() => worker.reply({ type: 'deleted', requestId: requestIdOf(sent), id: 'cifar10' })).not.toThrow();
  });

  it('gives up on a read the worker does not answer within its timeout', async () => {
    vi.useFakeTimers();
    const { data } = client();
    const listed = data.list().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(60_000);
    const error = await listed;
    expect(error).toBeInstanceOf(ReplyTimeoutError);
    expect((error as Error).message).toMatch(/did not come within 60 s/);
  });

  it('fails what waits, and every later request, when the worker crashes', async () => {
    const { worker, data } = client();
    const listed = data.list();
    worker.onerror?.({ message: 'out of memory' } as ErrorEvent);
    await expect(listed).rejects.toThrow('The data worker crashed: out of memory');
    await expect(data.storage()).rejects.toThrow('The data worker crashed: out of memory');
  });

  it('cancels an import job when its signal fires; the job ends with the worker’s answer', async () => {
    const { worker, data } = client((c, w) => {
      if (c.type === 'cancel') w.reply({ type: 'failed', jobId: c.jobId, id: 'synthetic', failure: { kind: 'cancelled', message: 'Cancelled.' } as never });
    });
    const controller = new AbortController();
    const job = data.generateSynthetic({ trainSize: 8, testSize: 4 }, { signal: controller.signal });
    controller.abort();
    await expect(job.done).rejects.toThrow('Cancelled.');
    expect(worker.sent.filter((c) => c.type === 'cancel')).toEqual([{ type: 'cancel', jobId: job.jobId }]);
  });
});
