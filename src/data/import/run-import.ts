// The frame every import runs in: the dataset's lock, resume-or-restart, the body (which
// writes chunks), read-back verification and the flip to 'complete'; on failure, the attempt
// is settled so that what was cached before stays as it was:
//   bad input (FormatError)      → the attempt's copy is deleted, unless it holds a finished
//                                  split (a good train parquet, then a bad test file): that
//                                  split is kept like after a network failure
//   cancel / network / quota     → unfinished splits are deleted, finished ones kept for a
//                                  resume, and the manifest records how far it got
// A tab that closes mid-import settles nothing: its copy stays 'partial' and the next attempt
// says so ("Restarted: … was interrupted at 43%").
import { beginAttempt, type AttemptOptions, type CopyInit, type CopyWriter, type DataDb, type DatasetManifest, type VerifyReport } from '../cache';
import type { SplitName } from '../types';
import { failureSummary, isAbort, isBadFile, isBadInput } from './failure';
import { withDatasetLock } from './lock';
import type { ProgressTracker } from './progress';

export interface ImportContext {
  signal: AbortSignal;
  progress: ProgressTracker;
  notice: (message: string) => void;
}

export interface ImportOutcome {
  manifest: DatasetManifest;
  report: VerifyReport;
  mode: 'fresh' | 'resumed' | 'restarted';
  /** Splits an earlier attempt stored that this one kept instead of fetching them again. */
  kept: SplitName[];
  millis: number;
  /** Phase timings (ms) for benchmarks and the log. */
  timings: Record<string, number>;
}

/** Share of the attempt's progress bar given to reading back and verifying. */
export const VERIFY_SPAN = 0.05;

export async function runImport(
  db: DataDb,
  init: CopyInit,
  ctx: ImportContext,
  body: (writer: CopyWriter, timings: Record<string, number>) => Promise<void>,
  attemptOptions: AttemptOptions = {},
): Promise<ImportOutcome> {
  const start = performance.now();
  return withDatasetLock(init.id, `The import of ${init.name}`, async () => {
    const attempt = await beginAttempt(db, init, attemptOptions);
    if (attempt.notice) ctx.notice(attempt.notice);
    const { writer } = attempt;
    const timings: Record<string, number> = {};
    try {
      await body(writer, timings);
      const verifyStart = performance.now();
      const chunks = writer.current.splits.train.chunks.length + writer.current.splits.test.chunks.length;
      ctx.progress.begin('verify', { unit: 'chunks', total: chunks, base: 1 - VERIFY_SPAN, span: VERIFY_SPAN });
      const { manifest, report } = await writer.commit((done) => ctx.progress.update(done, done === chunks));
      timings.verify = performance.now() - verifyStart;
      return { manifest, report, mode: attempt.mode, kept: attempt.kept, millis: performance.now() - start, timings };
    } catch (e) {
      await settle(writer, e, ctx.progress.fraction);
      throw e;
    }
  });
}

async function settle(writer: CopyWriter, error: unknown, fraction: number): Promise<void> {
  try {
    const finished = writer.isSplitComplete('train') || writer.isSplitComplete('test');
    if (isBadInput(error) && !(finished && isBadFile(error))) await writer.discard();
    else if (isAbort(error)) await writer.interrupt({ reason: 'cancelled', fraction });
    else await writer.interrupt({ reason: 'failed', fraction, message: failureSummary(error).slice(0, 240) });
  } catch (cleanupError) {
    // The original error is what the user needs to see; the copy stays 'partial' at worst,
    // which the next attempt handles like an interrupted tab.
    console.warn('[data] could not settle the failed import:', cleanupError);
  }
}
