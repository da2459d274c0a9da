// The page's side of the engine: starts the worker, sends typed commands, dispatches events.
// No TF.js here: the page stays light and responsive.
import { PROTOCOL_VERSION, type EngineCommand, type EngineEvent } from './protocol';

export type EngineListener = (event: EngineEvent) => void;

export class EngineClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<EngineListener>();

  constructor() {
    this.worker = new Worker(new URL('./worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
    this.worker.onmessage = (event: MessageEvent<EngineEvent>) => {
      for (const listener of this.listeners) listener(event.data);
    };
    this.worker.onerror = (event) => {
      const message = `The engine worker crashed: ${event.message || 'unknown error'}`;
      for (const listener of this.listeners) listener({ type: 'error', message });
    };
    this.send({ type: 'hello', version: PROTOCOL_VERSION });
  }

  send(command: EngineCommand, transfer: Transferable[] = []): void {
    this.worker.postMessage(command, transfer);
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a command and resolves with the first event `pick` accepts (or rejects on error). */
  request<T>(command: EngineCommand, pick: (event: EngineEvent) => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const unsubscribe = this.subscribe((event) => {
        if (event.type === 'error') {
          unsubscribe();
          reject(new Error(event.message));
          return;
        }
        const value = pick(event);
        if (value !== undefined) {
          unsubscribe();
          resolve(value);
        }
      });
      this.send(command);
    });
  }

  terminate(): void {
    this.worker.terminate();
    this.listeners.clear();
  }
}
