// A bounded queue between a synchronous producer (the tar parser hands over finished chunks
// from inside its push()) and the asynchronous cache writer. The producer's input is paced by
// room(): while `limit` chunks wait for IndexedDB, no more input is read, so memory stays at a
// few chunks (~8 MB each) however fast the file decompresses. The first write failure stops
// the queue and is reported through onError (which aborts the parse) and every later call.
import type { SplitName } from '../types';

export interface PendingChunk {
  split: SplitName;
  slot: number;
  part: number;
  count: number;
  data: Uint8Array; // owned by the queue from push() on
  fraction: number; // of the attempt when the chunk was completed
}

export class ChunkQueue {
  private readonly pending: PendingChunk[] = [];
  private running: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly write: (chunk: PendingChunk) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly limit = 3,
  ) {}

  push(chunk: PendingChunk): void {
    if (this.failure) return; // the parse is being aborted; drop what still arrives
    this.pending.push(chunk);
    this.running ??= this.pump();
  }

  /** Resolves once fewer than `limit` chunks wait; rejects after a write failure. */
  async room(): Promise<void> {
    while (!this.failure && this.pending.length >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure) throw this.failure.error;
  }

  /** Resolves once every pushed chunk is written; rejects after a write failure. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
    if (this.failure) throw this.failure.error;
  }

  /** Drops what waits and resolves once the write in flight (if any) has ended. */
  async stop(): Promise<void> {
    this.failure ??= { error: new DOMException('The import stopped', 'AbortError') };
    this.pending.length = 0;
    this.wake();
    while (this.running) await this.running.catch(() => undefined);
  }

  private async pump(): Promise<void> {
    try {
      while (this.pending.length > 0 && !this.failure) {
        await this.write(this.pending[0]);
        this.pending.shift();
        this.wake();
      }
    } catch (error) {
      this.failure = { error };
      this.pending.length = 0;
      this.wake();
      this.onError(error);
    } finally {
      this.running = undefined;
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
