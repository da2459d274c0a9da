// Request and reply over a worker's messages, the same way for every worker client (the data
// worker's, the engine's, the import worker's): numbered requests, a reply promise that also settles when the
// caller's AbortSignal fires or a timeout passes (the worker is then told, where it can stop),
// every pending request failed at once when the worker crashes, and the protocol version of
// the worker's hello checked against the page's. Plain TypeScript: no DOM, no TF.js.
//
// Why not comlink: both workers push events nobody asked for (metrics, progress, the cache's
// state after every change) and one engine command is a whole training run; comlink's proxied
// calls fit neither, and have no timeout, no cancel and no answer to a crashed worker.

export interface ReplyOptions {
  /** Stops waiting (and tells the worker, where `onCancel` says how) when it fires. */
  signal?: AbortSignal;
  /** Stops waiting after this long, as an abort does; none by default (imports take minutes). */
  timeoutMs?: number;
}

/** The worker comes from another build than the page: its messages may mean something else. */
export class ProtocolMismatchError extends Error {
  override name = 'ProtocolMismatchError';
}

/** A request that no reply answered within its timeout. */
export class ReplyTimeoutError extends Error {
  override name = 'ReplyTimeoutError';
}

/** The error for a worker's hello, or undefined when its protocol version is the page's. */
export function protocolMismatch(worker: string, expected: number, actual: number | undefined): ProtocolMismatchError | undefined {
  if (actual === expected) return undefined;
  return new ProtocolMismatchError(
    `The ${worker} speaks protocol version ${actual ?? 'unknown'}, this page version ${expected}: they come from different builds of the lab. Reload the page (every tab of it).`,
  );
}

/**
 * A promise for one reply. `listen` starts waiting and returns how to stop; on abort or
 * timeout the promise rejects (with the signal's reason, or a ReplyTimeoutError) and
 * `onCancel` runs, so the worker can stop work nobody waits for.
 */
export function awaitReply<T>(
  what: string,
  listen: (resolve: (value: T) => void, reject: (error: Error) => void) => () => void,
  options: ReplyOptions & { onCancel?: () => void } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    let stop = () => {};
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      stop();
      settle();
    };
    const cancel = (error: Error) =>
      finish(() => {
        options.onCancel?.();
        reject(error);
      });
    const onAbort = () => cancel(options.signal?.reason instanceof Error ? options.signal.reason : new Error(`${what} was cancelled.`));
    const stopListening = listen(
      (value) => finish(() => resolve(value)),
      (error) => finish(() => reject(error)),
    );
    if (settled) return stopListening(); // answered at once (a synchronous fake worker)
    stop = stopListening;
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort);
    if (options.timeoutMs !== undefined)
      timer = setTimeout(() => cancel(new ReplyTimeoutError(`${what} did not come within ${Math.round(options.timeoutMs! / 1000)} s.`)), options.timeoutMs);
  });
}

/** Requests waiting for replies, by request id: what a worker client keeps. */
export class PendingRequests<Reply> {
  private readonly waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  /** Set once the worker is known to be unusable (a crash, another build): later requests fail at once. */
  private broken: Error | undefined;

  /** A fresh id for a request that is not waited on here (a job followed by its events). */
  newId(): number {
    return this.nextId++;
  }

  /** Sends a request (`send` gets its id) and resolves with the reply `settle` is given for that id. */
  request<T extends Reply>(what: string, send: (id: number) => void, options: ReplyOptions & { onCancel?: (id: number) => void } = {}): Promise<T> {
    const id = this.newId();
    return awaitReply<T>(
      what,
      (resolve, reject) => {
        if (this.broken) {
          reject(this.broken);
          return () => {};
        }
        this.waiting.set(id, { resolve: resolve as (reply: Reply) => void, reject });
        send(id);
        return () => this.waiting.delete(id);
      },
      { ...options, onCancel: options.onCancel && (() => options.onCancel!(id)) },
    );
  }

  /** Settles request `id` with its reply or error; false when nothing waits for it (cancelled, timed out). */
  settle(id: number, outcome: { reply: Reply } | { error: Error }): boolean {
    const waiting = this.waiting.get(id);
    if (!waiting) return false;
    if ('error' in outcome) waiting.reject(outcome.error);
    else waiting.resolve(outcome.reply);
    return true;
  }

  /** Fails every waiting request; with `forever`, later ones too (the worker cannot be used). */
  failAll(error: Error, forever = false): void {
    if (forever) this.broken = error;
    for (const waiting of [...this.waiting.values()]) waiting.reject(error);
  }
}
