// requestEvent's giving up: an AbortSignal or a timeout ends the wait and drops its listener.
// (Matching answers and errors by command and run: ui/engine/controller.test.ts.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReplyTimeoutError } from '../core/worker-rpc';
import { requestEvent, type EngineChannel, type EngineListener } from './client';

function channel() {
  const listeners = new Set<EngineListener>();
  const engine: EngineChannel = {
    send: () => {},
    subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
  };
  return { engine, listeners };
}

afterEach(() => vi.useRealTimers());

describe('requestEvent', () => {
  it('stops waiting when the caller aborts', async () => {
    const { engine, listeners } = channel();
    const controller = new AbortController();
    const answer = requestEvent(engine, { type: 'exportCheckpoint', runId: 'a' }, () => undefined, [], { signal: controller.signal });
    expect(listeners.size).toBe(1);
    controller.abort(new Error('The export was cancelled.'));
    await expect(answer).rejects.toThrow('The export was cancelled.');
    expect(listeners.size).toBe(0);
  });

  it('gives up after its timeout, naming the command', async () => {
    vi.useFakeTimers();
    const { engine, listeners } = channel();
    const answer = requestEvent(engine, { type: 'selfTest', backend: 'auto' }, () => undefined, [], { timeoutMs: 5000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5000);
    const error = await answer;
    expect(error).toBeInstanceOf(ReplyTimeoutError);
    expect((error as Error).message).toBe("The engine's answer to selfTest did not come within 5 s.");
    expect(listeners.size).toBe(0);
  });
});
