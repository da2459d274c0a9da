// Starting an import attempt: resume what an earlier, interrupted attempt left, or restart,
// and say which. A whole-file fetch cannot resume mid-file (no range requests), so "resume"
// means: splits that were finished are kept (e.g. the train parquet is stored, only the test
// parquet is fetched). A tarball is one gzip stream and always restarts.
import { CACHE_FORMAT_VERSION, type DatasetManifest, type DatasetSource } from './schema';
import { CopyWriter, deleteCopy, type CopyInit } from './copy-writer';
import type { DataDb } from './db';

export interface Attempt {
  writer: CopyWriter;
  mode: 'fresh' | 'resumed' | 'restarted';
  /** For people: what happened to the previous attempt ("restarted: … interrupted at 43%"). */
  notice?: string;
}

function sameSource(a: DatasetSource, b: DatasetSource): boolean {
  if (a.kind === 'parquet' && b.kind === 'parquet') return a.train === b.train && a.test === b.test;
  if (a.kind === 'synthetic' && b.kind === 'synthetic') return a.seed === b.seed && a.trainSize === b.trainSize && a.testSize === b.testSize;
  return false; // archives: one stream, nothing to resume
}

export function describeSource(source: DatasetSource): string {
  switch (source.kind) {
    case 'archive':
      return source.url ? `download of ${source.fileName}` : `import of ${source.fileName}`;
    case 'parquet':
      return 'download from Hugging Face';
    case 'synthetic':
      return 'generation of the synthetic set';
  }
}

function howItEnded(partial: DatasetManifest): string {
  const i = partial.interruption;
  const fraction = i?.fraction ?? partial.progress?.fraction ?? 0;
  const at = `${Math.round(fraction * 100)}%`;
  if (!i || i.reason === 'unknown') return `was interrupted at ${at} (the tab was closed or the page reloaded)`;
  if (i.reason === 'cancelled') return `was cancelled at ${at}`;
  return `stopped at ${at}${i.message ? ` (${i.message})` : ''}`;
}

/** Opens the attempt's writer: a new copy, or the interrupted one with its finished splits. */
export async function beginAttempt(db: DataDb, init: CopyInit): Promise<Attempt> {
  const copies = await db.getAllFromIndex('manifests', 'byDataset', init.id);
  const partial = copies.find((m) => m.status === 'partial');
  if (!partial) return { writer: await CopyWriter.create(db, init), mode: 'fresh' };

  const previous = `the previous ${describeSource(partial.source)} ${howItEnded(partial)}`;
  const kept = (['train', 'test'] as const).filter((s) => partial.splits[s].complete);
  if (sameSource(partial.source, init.source) && kept.length > 0 && partial.formatVersion === CACHE_FORMAT_VERSION) {
    const writer = await CopyWriter.resume(db, partial);
    const what = kept.map((s) => `the ${s} split (${partial.splits[s].count.toLocaleString('en-US')} images)`).join(' and ');
    return { writer, mode: 'resumed', notice: `Resumed: ${previous}; ${what} was already stored and is kept.` };
  }
  await deleteCopy(db, partial.copyId);
  const why = kept.length > 0 ? ' Its stored splits came from another source and were dropped.' : '';
  return { writer: await CopyWriter.create(db, init), mode: 'restarted', notice: `Restarted: ${previous}.${why}` };
}
