// Metric deltas are applied to the store at most once per animation frame, all runs in one
// update, so a burst of messages costs one render. A hidden tab gets no frames: a timer
// fallback flushes anyway, so the history never piles up unseen.

export type Scheduler = (flush: () => void) => void;

const FALLBACK_MILLIS = 500;

export const frameScheduler: Scheduler = (flush) => {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    flush();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
  setTimeout(once, FALLBACK_MILLIS);
};

export class FrameBatcher<T> {
  private pending: T[] = [];
  private scheduled = false;

  constructor(
    private readonly apply: (items: T[]) => void,
    private readonly schedule: Scheduler = frameScheduler,
  ) {}

  push(item: T): void {
    this.pending.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Applies what is pending now (before an event that must come after it, e.g. a status change). */
  flush(): void {
    this.scheduled = false;
    if (!this.pending.length) return;
    const items = this.pending;
    this.pending = [];
    this.apply(items);
  }
}
