// requestEvent: answers and errors matched by request id (two requests of the same type for the
// same run each get their own), and giving up: an AbortSignal or a timeout ends the wait and
// drops its listener. (The page's handling of what is not a request: ui/controller/controller.test.ts.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReplyTimeoutError } from '../core/worker-rpc';
import { requestEvent, type EngineChannel, type EngineListener } from './client';
import type { EngineCommand, EngineEvent } from './protocol';

function channel() {
  const listeners = new Set<EngineListener>();
  const sent: EngineCommand[] = [];
  const engine: EngineChannel = {
    send: (command) => void sent.push(command),
    subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
  };
  const emit = (event: EngineEvent) => [...listeners].forEach((listener) => listener(event));
  /** The request id the n-th command sent carries. */
  const idOf = (n: number) => (sent[n] as { requestId?: number }).requestId;
  return { engine, listeners, sent, emit, idOf };
}

afterEach(() => vi.useRealTimers());

describe('requestEvent', () => {
  it('stops waiting when the caller aborts', async () => {
    const { engine, listeners } = channel();
    const controller = new AbortController();
    const answer = requestEvent(engine, { type: 'exportCheckpoint', runId: 'a' }, [], { signal: controller.signal });
    expect(listeners.size).toBe(1);
    controller.abort(new Error('The export was cancelled.'));
    await expect(answer).rejects.toThrow('The export was cancelled.');
    expect(listeners.size).toBe(0);
  });

  it('gives up after its timeout, naming the command', async () => {
    vi.useFakeTimers();
    const { engine, listeners } = channel();
    const answer = requestEvent(engine, { type: 'selfTest', backend: 'auto' }, [], { timeoutMs: 5000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5000);
    const error = await answer;
    expect(error).toBeInstanceOf(ReplyTimeoutError);
    expect((error as Error).message).toBe("The engine's answer to selfTest did not come within 5 s.");
    expect(listeners.size).toBe(0);
  });

  it('gives two requests of the same type for the same run their own answers, in any order', async () => {
    const { engine, emit, idOf } = channel();
    const safetensors = requestEvent(engine, { type: 'exportPytorch', runId: 'a', format: 'safetensors' });
    const yaml = requestEvent(engine, { type: 'exportPytorch', runId: 'a', format: 'solo-learn-yaml' });
    expect(idOf(0)).not.toBe(idOf(1));
    // The second one's answer first, then the first one's: the same type, the same run.
    emit({ type: 'exported', requestId: idOf(1), runId: 'a', fileName: 'a.yaml', bytes: new ArrayBuffer(2) });
    emit({ type: 'exported', requestId: idOf(0), runId: 'a', fileName: 'a.safetensors', bytes: new ArrayBuffer(8) });
    expect((await safetensors).fileName).toBe('a.safetensors');
    expect((await yaml).fileName).toBe('a.yaml');
  });

  it("fails only the request an error names: another one's error, and an answer without its id, pass it by", async () => {
    const { engine, emit, idOf, listeners } = channel();
    const first = requestEvent(engine, { type: 'exportCheckpoint', runId: 'a' });
    const second = requestEvent(engine, { type: 'exportCheckpoint', runId: 'a' });
    emit({ type: 'error', requestId: idOf(0), runId: 'a', kind: 'data', message: 'no checkpoint yet', command: 'exportCheckpoint' });
    await expect(first).rejects.toThrow('no checkpoint yet');
    emit({ type: 'exported', runId: 'a', fileName: 'raw.zip', bytes: new ArrayBuffer(1) }); // a raw command's answer
    expect(listeners.size).toBe(1);
    emit({ type: 'exported', requestId: idOf(1), runId: 'a', fileName: 'a-step8.zip', bytes: new ArrayBuffer(1) });
    expect((await second).fileName).toBe('a-step8.zip');
    expect(listeners.size).toBe(0);
  });

  it('fails every waiting request when the worker crashes', async () => {
    const { engine, emit } = channel();
    const waiting = [requestEvent(engine, { type: 'selfTest', backend: 'auto' }), requestEvent(engine, { type: 'exportFeatures', runId: 'a', limit: 10 })];
    emit({ type: 'error', kind: 'crashed', message: 'The training engine crashed' });
    for (const request of waiting) await expect(request).rejects.toThrow('The training engine crashed');
  });
});
