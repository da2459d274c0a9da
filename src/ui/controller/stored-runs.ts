// What IndexedDB hands back is checked before the page uses it: a record written by an older
// build, or corrupted, must cost one row, not the run table or the embedding view. Histories
// are checked in slices with a yield between them, so 200,000 stored points never hold the
// main thread for long (about 2.5 µs a point).
import { checkEvaluation, checkMetricPoint, checkRunRecord, type Checked } from '../../engine/run-schema';
import type { EvalResult, MetricPoint, RunRecord } from '../../engine/run-types';
import type { UnreadableRun } from '../state/runs-slice';

/** Points checked between two yields to the event loop (~12 ms of work). */
const SLICE = 5_000;

const field = (raw: unknown, key: string): unknown => (typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined);

/** Splits stored records into those the page can show and those it shows as unreadable. */
export function checkStoredRuns(records: readonly unknown[]): { runs: RunRecord[]; unreadable: UnreadableRun[] } {
  const runs: RunRecord[] = [];
  const unreadable: UnreadableRun[] = [];
  for (const raw of records) {
    const checked = checkRunRecord(raw, 'stored');
    if (checked.ok) {
      runs.push(checked.value);
      continue;
    }
    const id = String(field(raw, 'id') ?? '');
    const name = field(raw, 'name');
    unreadable.push({ id, name: typeof name === 'string' && name.trim() ? name.slice(0, 200) : id, problem: checked.problem });
  }
  return { runs, unreadable };
}

async function checkAll<T>(rows: readonly unknown[], check: (raw: unknown) => Checked<T>): Promise<{ good: T[]; bad: number; first?: string }> {
  const good: T[] = [];
  let bad = 0;
  let first: string | undefined;
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % SLICE === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    const checked = check(rows[i]);
    if (checked.ok) good.push(checked.value);
    else {
      bad++;
      first ??= checked.problem;
    }
  }
  return { good, bad, first };
}

/** The readable part of a stored history, and what was left out, in words. */
export async function checkStoredHistory(
  metrics: readonly unknown[],
  evaluations: readonly unknown[],
): Promise<{ metrics: MetricPoint[]; evaluations: EvalResult[]; problem?: string }> {
  const m = await checkAll(metrics, checkMetricPoint);
  const e = await checkAll(evaluations, checkEvaluation);
  const problems = [
    m.bad ? `${m.bad} of ${metrics.length} stored metric points (${m.first})` : '',
    e.bad ? `${e.bad} of ${evaluations.length} stored evaluations (${e.first})` : '',
  ].filter(Boolean);
  const problem = problems.length ? `Could not read ${problems.join(' and ')}; they are not drawn.` : undefined;
  return { metrics: m.good, evaluations: e.good, problem };
}
