// How a failed command reaches the page: an error meant for the person (UserError, with the
// recovery the page should offer as its `kind`), or an engine failure explained in words.
import type { EngineErrorKind } from '../protocol';
import { isOutOfMemory } from '../failure-messages';
import { MemoryLimitError } from '../memory-guard';
import { DatasetUnavailableError } from './datasets';

/** An error meant for the person, with the recovery the page should offer. */
export class UserError extends Error {
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export function errorKind(err: unknown): EngineErrorKind {
  if (err instanceof UserError) return err.kind;
  if (err instanceof DatasetUnavailableError) return 'data';
  if (err instanceof MemoryLimitError || isOutOfMemory(err)) return 'memory';
  if (err instanceof Error && /backend/i.test(err.message)) return 'backend';
  return 'internal';
}

/** Whether the message is already written for people (else explainFailure words it). */
export function isForPeople(err: unknown): boolean {
  return err instanceof UserError || err instanceof MemoryLimitError;
}
