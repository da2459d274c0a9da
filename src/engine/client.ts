// The page's side of the engine: starts the worker, sends typed commands, dispatches events.
// No TF.js here: the page stays light and responsive. If the worker crashes, the client
// replaces it with a fresh one and reports 'crashed', so the page can offer to resume the
// interrupted run from its last checkpoint (on the same or another backend).
import { awaitReply, type ReplyOptions } from '../core/worker-rpc';
import { PROTOCOL_VERSION, type EngineCommand, type EngineEvent } from './protocol';

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

/**
 * Sends `command` and resolves with the first event `pick` accepts; rejects on an error about
 * this command (for its run, when it names one), on a crash, or when `options` give up
 * (AbortSignal, timeout: core/worker-rpc.ts). The engine's answers carry no request id yet:
 * they are told apart by type and run.
 */
export function requestEvent<T>(
  engine: EngineChannel,
  command: EngineCommand,
  pick: (e: EngineEvent) => T | undefined,
  transfer: Transferable[] = [],
  options: ReplyOptions = {},
): Promise<T> {
  const runId = 'runId' in command ? command.runId : undefined;
  return awaitReply<T>(
    `The engine's answer to ${command.type}`,
    (resolve, reject) => {
      const unsubscribe = engine.subscribe((event) => {
        if (event.type === 'error' && (event.kind === 'crashed' || (event.command === command.type && (!runId || !event.runId || event.runId === runId)))) {
          reject(new Error(event.message));
          return;
        }
        const value = pick(event);
        if (value !== undefined) resolve(value);
      });
      engine.send(command, transfer);
      return unsubscribe;
    },
    options,
  );
}
