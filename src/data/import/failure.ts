// Why an import stopped, as plain data for the worker protocol: the message is for people and
// always names the file when there is one; `kind` tells the panel what to offer next.
import { CacheCorruptError, CacheFullError, isQuotaError } from '../cache';
import { DownloadError } from '../download/errors';
import { FormatError, OtherCifarError, type FormatErrorCode } from '../formats';

export type FailureKind =
  | 'format' // the file is not what it should be: nothing of it was kept
  | 'download' // network or HTTP trouble: finished splits were kept for a resume
  | 'quota' // storage full: stopped, earlier data intact
  | 'cancelled'
  | 'busy' // another import of the same dataset is running (this or another tab)
  | 'storage' // IndexedDB failed otherwise
  | 'internal';

export interface ImportFailure {
  kind: FailureKind;
  message: string;
  fileName?: string;
  code?: FormatErrorCode;
}

export class DatasetBusyError extends Error {
  override name = 'DatasetBusyError';
}

export function isAbort(e: unknown): boolean {
  return (e instanceof DOMException || e instanceof Error) && e.name === 'AbortError';
}

/** Bad input (discard the attempt) as opposed to a failure worth resuming after. */
export function isBadInput(e: unknown): boolean {
  return isBadFile(e) || e instanceof CacheCorruptError;
}

/** A file whose contents are wrong: the file is refused, splits read from other files are not. */
export function isBadFile(e: unknown): boolean {
  return e instanceof FormatError && e.code !== 'read';
}

const DATASET_NAME: Record<OtherCifarError['found'], string> = { cifar10: 'CIFAR-10', cifar100: 'CIFAR-100' };

/**
 * The failure in one clause, "file: what happened", without advice or closing period: what an
 * interrupted copy records, quoted later inside "the previous download stopped at 83% (…)".
 */
export function failureSummary(e: unknown): string {
  if (e instanceof DownloadError || e instanceof FormatError) return e.message;
  return describeFailure(e).message.replace(/[.\s]+$/, '');
}

export function describeFailure(e: unknown): ImportFailure {
  if (isAbort(e)) return { kind: 'cancelled', message: 'Cancelled. What was cached before is unchanged.' };
  if (e instanceof FormatError) {
    const kind = e.code === 'read' ? 'download' : 'format';
    const other = e instanceof OtherCifarError ? ` Use it on the ${DATASET_NAME[e.found]} row instead.` : '';
    const tail = kind === 'format' ? ' Nothing of this file was imported; what was cached before is unchanged.' : '';
    return { kind, message: `${e.message}.${other}${tail}`, fileName: e.fileName, code: e.code };
  }
  if (e instanceof DownloadError) return { kind: 'download', message: `${e.message}. ${e.advice}`, fileName: e.fileName };
  if (e instanceof CacheFullError || isQuotaError(e)) return { kind: 'quota', message: e instanceof Error ? e.message : String(e) };
  if (e instanceof DatasetBusyError) return { kind: 'busy', message: e.message };
  if (e instanceof CacheCorruptError) return { kind: 'storage', message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  const kind = e instanceof DOMException || (e instanceof Error && /indexeddb|transaction/i.test(message)) ? 'storage' : 'internal';
  return { kind, message: kind === 'storage' ? `The browser's storage failed: ${message}` : message };
}
