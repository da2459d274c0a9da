// The queue between the tar parser and the cache writer: order, backpressure, failure.
import { describe, expect, it } from 'vitest';
import { ChunkQueue, type PendingChunk } from './chunk-queue';

const chunk = (part: number): PendingChunk => ({ split: 'train', slot: 0, part, count: 1, data: new Uint8Array(1), fraction: 0 });

describe('ChunkQueue', () => {
  it('writes in order and holds the producer back while `limit` chunks wait', async () => {
    const written: number[] = [];
    const gates: (() => void)[] = [];
    const queue = new ChunkQueue(
      (c) => new Promise<void>((resolve) => gates.push(() => (written.push(c.part), resolve()))),
      () => undefined,
      2,
    );
    queue.push(chunk(0));
    queue.push(chunk(1));
    let roomy = false;
    const room = queue.room().then(() => (roomy = true));
    await Promise.resolve();
    expect(roomy).toBe(false);
    gates.shift()?.();
    await room;
    expect(roomy).toBe(true);
    queue.push(chunk(2));
    const drained = queue.drain();
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 0));
      gates.shift()?.();
    }
    await drained;
    expect(written).toEqual([0, 1, 2]);
  });

  it('a failed write rejects room() and drain() and reports once', async () => {
    const errors: unknown[] = [];
    const queue = new ChunkQueue(
      () => Promise.reject(new Error('disk full')),
      (e) => errors.push(e),
      1,
    );
    queue.push(chunk(0));
    queue.push(chunk(1));
    await expect(queue.drain()).rejects.toThrow('disk full');
    await expect(queue.room()).rejects.toThrow('disk full');
    expect(errors).toHaveLength(1);
  });
});
