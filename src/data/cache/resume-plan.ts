// What the next attempt does with each split an interrupted one left behind. A split is kept
// when it was finished and its own source is unchanged: the same URL and, where the server
// gives them (then and now), the same ETag and length. So fixing only the test URL after a
// failed test download keeps the stored train split; a train file replaced on the server (new
// ETag) is fetched again. Pure: beginAttempt (./attempt.ts) asks the server, this decides.
import { hostOf } from '../catalog';
import type { SplitName } from '../types';
import type { DatasetManifest, DatasetSource, RemoteFile, SplitOrigin } from './schema';

export const SPLITS = ['train', 'test'] as const;

/** Why a finished split is not kept. */
export type DropReason = 'other-url' | 'changed-etag' | 'changed-length' | 'other-source' | 'one-stream';

export type SplitPlan =
  | { split: SplitName; action: 'keep'; count: number; origin?: SplitOrigin }
  | { split: SplitName; action: 'drop'; count: number; reason: DropReason; origin?: SplitOrigin }
  | { split: SplitName; action: 'fetch' }; // not finished before

/** Where a stored split came from: its recorded origin, or, for older copies, the copy's URL for it. */
export function storedOrigin(m: DatasetManifest, split: SplitName): SplitOrigin | undefined {
  return m.splits[split].origin ?? (m.source.kind === 'parquet' ? { url: m.source[split] } : undefined);
}

/** The URL an attempt reads `split` from, where each split has its own file. */
export function splitUrl(source: DatasetSource, split: SplitName): string | undefined {
  return source.kind === 'parquet' ? source[split] : undefined;
}

/** Finished splits worth a HEAD request: same URL, and an ETag or length recorded to compare. */
export function splitsToProbe(partial: DatasetManifest, source: DatasetSource): { split: SplitName; url: string }[] {
  return SPLITS.flatMap((split) => {
    const origin = storedOrigin(partial, split);
    const url = splitUrl(source, split);
    const comparable = origin?.etag !== undefined || origin?.bytes !== undefined;
    return partial.splits[split].complete && url && origin?.url === url && comparable ? [{ split, url }] : [];
  });
}

/** ETags compared as the server's opaque strings, a weak validator's W/ aside (CDNs add and drop it). */
function sameEtag(a: string, b: string): boolean {
  return a.replace(/^W\//, '') === b.replace(/^W\//, '');
}

function dropReason(partial: DatasetManifest, source: DatasetSource, split: SplitName, remote: RemoteFile | undefined): DropReason | undefined {
  const before = partial.source;
  if (before.kind !== source.kind) return 'other-source';
  if (before.kind === 'archive') return 'one-stream';
  if (before.kind === 'synthetic' && source.kind === 'synthetic') {
    const size = split === 'train' ? 'trainSize' : 'testSize';
    return before.seed === source.seed && before[size] === source[size] ? undefined : 'other-source';
  }
  const origin = storedOrigin(partial, split);
  if (!origin || origin.url !== splitUrl(source, split)) return 'other-url';
  if (origin.etag !== undefined && remote?.etag !== undefined && !sameEtag(origin.etag, remote.etag)) return 'changed-etag';
  if (origin.bytes !== undefined && remote?.bytes !== undefined && origin.bytes !== remote.bytes) return 'changed-length';
  return undefined;
}

/**
 * Per split: keep (finished, source unchanged), drop (finished, source changed) or fetch (not
 * finished). `remote` is what the server said now about the splits splitsToProbe named; a
 * split the server could not describe is judged on its URL alone.
 */
export function planResume(partial: DatasetManifest, source: DatasetSource, remote: Partial<Record<SplitName, RemoteFile>> = {}): Record<SplitName, SplitPlan> {
  const plan = {} as Record<SplitName, SplitPlan>;
  for (const split of SPLITS) {
    const stored = partial.splits[split];
    if (!stored.complete) {
      plan[split] = { split, action: 'fetch' };
      continue;
    }
    const origin = storedOrigin(partial, split);
    const reason = dropReason(partial, source, split, remote[split]);
    plan[split] = reason ? { split, action: 'drop', count: stored.count, reason, origin } : { split, action: 'keep', count: stored.count, origin };
  }
  return plan;
}

const DROPPED: Record<DropReason, string> = {
  'other-url': 'came from another URL',
  'changed-etag': 'came from a file the server has replaced since (another ETag)',
  'changed-length': 'came from a file the server has replaced since (another length)',
  'other-source': 'came from another source',
  'one-stream': 'came from a tarball, which is read in one stream and cannot be resumed',
};

/** "the train split (2,000 images from huggingface.co)" */
export function describeStoredSplit(p: Extract<SplitPlan, { count: number }>): string {
  const from = p.origin ? ` from ${hostOf(p.origin.url)}` : '';
  return `the ${p.split} split (${p.count.toLocaleString('en-US')} images${from})`;
}

export function describeDrop(p: Extract<SplitPlan, { action: 'drop' }>): string {
  return `${describeStoredSplit(p)} ${DROPPED[p.reason]}`;
}
