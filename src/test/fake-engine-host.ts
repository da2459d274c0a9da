// A fake worker global for the engine's command handler (engine/worker/engine.ts) in Node: the
// CPU backend, a fake-indexeddb database, and the posted events in a list that a test can wait
// on. `onEvent` lets a test answer an event at once, as a page would (a pause after the first
// metrics), with no clock involved.
import 'fake-indexeddb/auto';
import type { EngineEvent } from '../engine/protocol';
import { RunsDb } from '../engine/storage/runs-db';
import { createEngine, type Engine, type EngineHost } from '../engine/worker/engine';

let databases = 0;

export class FakeEngineHost implements EngineHost {
  readonly events: EngineEvent[] = [];
  readonly engine: Engine;
  crashes = 0;
  /** Called for every posted event, after it is recorded. */
  onEvent: (event: EngineEvent, engine: Engine) => void = () => {};
  private waiters: { match: (e: EngineEvent) => boolean; resolve: (e: EngineEvent) => void }[] = [];

  /** A fresh database by default; pass another host's for a second engine (a restarted worker). */
  static async create(db?: RunsDb): Promise<FakeEngineHost> {
    return new FakeEngineHost(db ?? (await RunsDb.open(`engine-test-${databases++}`)));
  }

  private constructor(readonly db: RunsDb) {
    this.engine = createEngine(this);
  }

  post(event: EngineEvent): void {
    this.events.push(event);
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) {
      if (w.match(event)) w.resolve(event);
      else this.waiters.push(w);
    }
    this.onEvent(event, this.engine);
  }

  async selectBackend(preference: string) {
    return {
      name: 'cpu' as const,
      forced: preference !== 'auto',
      reason: 'Node tests run on the CPU backend.',
      attempts: [{ name: 'cpu' as const, ok: true, note: 'Node' }],
    };
  }

  async openDb(): Promise<RunsDb> {
    return this.db;
  }

  destroyDevice(): boolean {
    return false;
  }

  crash(): void {
    this.crashes++;
  }

  /** No time-based saves: only the step schedule, pauses and requests save. */
  now = () => 0;

  /** Resolves with the first event (posted before or after the call) that `match` accepts. */
  next<T extends EngineEvent>(match: (e: EngineEvent) => e is T): Promise<T>;
  next(match: (e: EngineEvent) => boolean): Promise<EngineEvent>;
  next(match: (e: EngineEvent) => boolean): Promise<EngineEvent> {
    const seen = this.events.find(match);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  of<T extends EngineEvent['type']>(type: T, runId?: string): Extract<EngineEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type && (!runId || !('runId' in e) || e.runId === runId));
  }
}
