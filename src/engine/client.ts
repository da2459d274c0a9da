// The page's side of the engine: starts the worker, sends typed commands, dispatches events.
// No TF.js here: the page stays light and responsive. If the worker crashes, the client
// replaces it with a fresh one and reports 'crashed', so the page can offer to resume the
// interrupted run from its last checkpoint (on the same or another backend). A command the page
// awaits an answer to goes through `requestEvent`, which numbers it and waits for the answer
// or error with its number (cancel and timeout from core/worker-rpc.ts).
import { awaitReply, type ReplyOptions } from '../core/worker-rpc';
import { ENGINE_ANSWERS, PROTOCOL_VERSION, type EngineAnswer, type EngineCommand, type EngineEvent, type EngineRequest } from './protocol';

export type EngineListener = (event: EngineEvent) => void;

export class EngineClient {
  private worker: Worker;
  private readonly listeners = new Set<EngineListener>();

  constructor(private readonly options: { faultInjection?: boolean } = {}) {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
    worker.onmessage = (event: MessageEvent<EngineEvent>) => this.emit(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      this.worker = this.spawn();
      this.emit({ type: 'error', kind: 'crashed', message: `The training engine crashed (${event.message || 'unknown error'}); it was restarted.` });
    };
    worker.postMessage({ type: 'hello', version: PROTOCOL_VERSION, faultInjection: this.options.faultInjection } satisfies EngineCommand);
    return worker;
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  send(command: EngineCommand, transfer: Transferable[] = []): void {
    this.worker.postMessage(command, transfer);
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Ends the worker for good (unlike a crash, no fresh one is started) and drops every
   * listener. The lab never calls it: its worker lives as long as the page.
   */
  terminate(): void {
    this.worker.terminate();
    this.listeners.clear();
  }
}

/** What requestEvent needs of an engine: the client, or a fake in tests. */
export interface EngineChannel {
  send(command: EngineCommand, transfer?: Transferable[]): void;
  subscribe(listener: EngineListener): () => void;
}

/** A request as the page writes it: the id is requestEvent's to give. */
export type EngineRequestBody = EngineRequest extends infer C ? (C extends unknown ? Omit<C, 'requestId'> : never) : never;

let lastRequestId = 0; // ids are unique in the page, across engines (a test's fakes, a restarted worker)

/**
 * Sends `command` with a fresh request id and resolves with the engine's answer to it (the
 * event ENGINE_ANSWERS names, carrying that id); rejects on an `error` with that id, on a
 * crash, or when `options` give up (AbortSignal, timeout: core/worker-rpc.ts). Answers and
 * errors of other requests, even of the same type for the same run, and the unsolicited
 * events (progress, metrics, a run's own failures) pass it by.
 */
export function requestEvent<C extends EngineRequestBody>(
  engine: EngineChannel,
  command: C,
  transfer: Transferable[] = [],
  options: ReplyOptions = {},
): Promise<EngineAnswer<C['type']>> {
  const requestId = ++lastRequestId;
  const answer: EngineEvent['type'] = ENGINE_ANSWERS[command.type];
  return awaitReply<EngineAnswer<C['type']>>(
    `The engine's answer to ${command.type}`,
    (resolve, reject) => {
      const unsubscribe = engine.subscribe((event) => {
        if (event.type === 'error' && event.kind === 'crashed') return reject(new Error(event.message));
        if (!('requestId' in event) || event.requestId !== requestId) return;
        if (event.type === 'error') reject(new Error(event.message));
        else if (event.type === answer) resolve(event as EngineAnswer<C['type']>);
        else reject(new Error(`The engine answered ${command.type} with ${event.type}: the page and its worker disagree on the protocol. Reload the page.`));
      });
      engine.send({ ...command, requestId } as EngineRequest, transfer);
      return unsubscribe;
    },
    options,
  );
}
