// An in-memory stand-in for EngineClient: records commands and lets a test play the engine's
// events (or answer requests) by hand. Used by the store/controller tests.
import type { EngineCommand, EngineEvent } from '../../engine/protocol';
import type { EngineLike } from './bridge';

export class FakeEngine implements EngineLike {
  readonly sent: EngineCommand[] = [];
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  /** Called for every command; may emit events in reply (synchronously or later). */
  onCommand: (command: EngineCommand, engine: FakeEngine) => void = () => {};

  send(command: EngineCommand): void {
    this.sent.push(command);
    this.onCommand(command, this);
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: EngineEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  last<T extends EngineCommand['type']>(type: T): Extract<EngineCommand, { type: T }> | undefined {
    return [...this.sent].reverse().find((c): c is Extract<EngineCommand, { type: T }> => c.type === type);
  }
}
