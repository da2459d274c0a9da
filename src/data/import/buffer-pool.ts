// Reused chunk buffers for the tarball import. IndexedDB's put() and crypto.subtle.digest()
// both copy their input when called, so a chunk's buffer is free again as soon as its write
// has been issued; reusing a handful of 7.7 MB buffers instead of allocating 24 fresh ones
// keeps ~180 MB of garbage (and the GC's lag in collecting it) out of the worker.
export class BufferPool {
  private readonly free: Uint8Array<ArrayBuffer>[] = [];

  constructor(private readonly keep: number) {}

  take(size: number): Uint8Array<ArrayBuffer> {
    const i = this.free.findIndex((b) => b.length === size);
    if (i < 0) return new Uint8Array(size);
    const [buffer] = this.free.splice(i, 1);
    return buffer;
  }

  give(buffer: Uint8Array<ArrayBuffer>): void {
    if (this.free.length < this.keep) this.free.push(buffer);
  }
}
