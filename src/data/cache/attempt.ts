// Starting an import attempt: resume what an earlier, interrupted attempt left, or restart,
// and say which. A whole-file fetch cannot resume mid-file (no range requests), so "resume"
// means: finished splits whose own source is unchanged are kept (e.g. the train parquet is
// stored, only the test parquet is fetched), split by split (./resume-plan.ts decides). A
// tarball is one gzip stream and always restarts.
import { hostOf, hostsOf } from '../catalog';
import type { SplitName } from '../types';
import { CopyWriter, deleteCopy, type CopyInit } from './copy-writer';
import type { DataDb } from './db';
import { describeDrop, describeStoredSplit, planResume, SPLITS, splitsToProbe, splitUrl, type SplitPlan } from './resume-plan';
import { CACHE_FORMAT_VERSION, type DatasetManifest, type DatasetSource, type RemoteFile } from './schema';

export interface Attempt {
  writer: CopyWriter;
  mode: 'fresh' | 'resumed' | 'restarted';
  /** Splits an earlier attempt stored that this one keeps (not fetched again). */
  kept: SplitName[];
  /** For people: what happened to the previous attempt ("Restarted: … interrupted at 43%"). */
  notice?: string;
}

export interface AttemptOptions {
  /** Asks the server about a stored split's file now (one HEAD request); undefined when it cannot say. */
  probe?: (url: string) => Promise<RemoteFile | undefined>;
}

export function describeSource(source: DatasetSource): string {
  switch (source.kind) {
    case 'archive':
      return source.url ? `download of ${source.fileName}` : `import of ${source.fileName}`;
    case 'parquet':
      return `download from ${hostsOf([source.train, source.test])}`;
    case 'synthetic':
      return 'generation of the synthetic set';
  }
}

/** A message quoted inside parentheses: no closing period (the sentence around it has one). */
function quoted(message: string): string {
  return message.trim().replace(/[.\s]+$/, '');
}

function howItEnded(partial: DatasetManifest): string {
  const i = partial.interruption;
  const fraction = i?.fraction ?? partial.progress?.fraction ?? 0;
  const at = `${Math.round(fraction * 100)}%`;
  if (!i || i.reason === 'unknown') return `was interrupted at ${at} (the tab was closed or the page reloaded)`;
  if (i.reason === 'cancelled') return `was cancelled at ${at}`;
  return `stopped at ${at}${i.message ? ` (${quoted(i.message)})` : ''}`;
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** "The test split is fetched from mirror.example." for each split this attempt downloads. */
function fetchSentences(plan: SplitPlan[], source: DatasetSource): string[] {
  return plan.flatMap((p) => {
    const url = p.action === 'keep' ? undefined : splitUrl(source, p.split);
    return url ? [sentence(`the ${p.split} split is fetched from ${hostOf(url)}`)] : [];
  });
}

/** Opens the attempt's writer: a new copy, or the interrupted one with the splits it can keep. */
export async function beginAttempt(db: DataDb, init: CopyInit, options: AttemptOptions = {}): Promise<Attempt> {
  const copies = await db.getAllFromIndex('manifests', 'byDataset', init.id);
  const partial = copies.find((m) => m.status === 'partial');
  if (!partial) return { writer: await CopyWriter.create(db, init), mode: 'fresh', kept: [] };

  const previous = `the previous ${describeSource(partial.source)} ${howItEnded(partial)}`;
  let plan: SplitPlan[];
  if (partial.formatVersion !== CACHE_FORMAT_VERSION) {
    plan = [];
  } else {
    const remote: Partial<Record<SplitName, RemoteFile>> = {};
    for (const { split, url } of options.probe ? splitsToProbe(partial, init.source) : []) remote[split] = await options.probe?.(url);
    const bySplit = planResume(partial, init.source, remote);
    plan = SPLITS.map((s) => bySplit[s]);
  }
  const kept = plan.filter((p) => p.action === 'keep');
  const dropped = plan.filter((p) => p.action === 'drop');

  if (kept.length > 0) {
    const writer = await CopyWriter.resume(db, partial, { keep: kept.map((p) => p.split), source: init.source });
    const what = kept.map(describeStoredSplit).join(' and ');
    const verb = kept.length > 1 ? 'were already stored and are kept' : 'was already stored and is kept';
    const drops = dropped.map((p) => sentence(`${describeDrop(p)}, so it is not kept`));
    const notice = [`Resumed: ${previous}; ${what} ${verb}.`, ...drops, ...fetchSentences(plan, init.source)].join(' ');
    return { writer, mode: 'resumed', kept: kept.map((p) => p.split), notice };
  }
  await deleteCopy(db, partial.copyId);
  const stale = partial.formatVersion !== CACHE_FORMAT_VERSION && SPLITS.some((s) => partial.splits[s].complete);
  const why = stale
    ? ['Its stored splits were in an older storage layout and were dropped.']
    : dropped.map((p) => sentence(`${describeDrop(p)} and was dropped`));
  return { writer: await CopyWriter.create(db, init), mode: 'restarted', kept: [], notice: [`Restarted: ${previous}.`, ...why].join(' ') };
}
