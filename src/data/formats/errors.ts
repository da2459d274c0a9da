// One error type for every import format, so the UI can show `message` as is (it always starts
// with the file name) and branch on `code` (e.g. offer "download again" for a truncated file).

export type FormatErrorCode =
  | 'not-gzip' // the bytes do not start like a gzip file
  | 'truncated-gzip' // the gzip stream ends before its trailer
  | 'corrupt-gzip' // bad deflate data or CRC-32 mismatch
  | 'not-tar' // the first block is not a tar header
  | 'bad-tar-header' // header checksum or numeric field is wrong
  | 'truncated-tar' // the archive ends inside a header or a member
  | 'missing-members' // an expected CIFAR member is absent
  | 'duplicate-member'
  | 'record-size' // a member's size is not a whole number of records
  | 'label-range' // a label byte/value outside [0, classes)
  | 'class-names' // a meta file lists the wrong number of names
  | 'not-parquet'
  | 'parquet-schema' // columns missing or of an unexpected layout
  | 'parquet-data' // a value of the wrong type inside a valid schema
  | 'png' // an image that cannot be decoded
  | 'other-cifar' // the file is the other CIFAR (a CIFAR-100 file given for CIFAR-10, or the reverse)
  | 'read'; // the input stream itself failed (disk, network)

export class FormatError extends Error {
  override name = 'FormatError';
  readonly fileName: string;
  readonly code: FormatErrorCode;
  readonly detail: string; // the message without the file name

  constructor(fileName: string, code: FormatErrorCode, detail: string, options?: { cause?: unknown }) {
    super(`${fileName}: ${detail}`, options);
    this.fileName = fileName;
    this.code = code;
    this.detail = detail;
  }
}

/**
 * The file is the other CIFAR: `found` says which, so the import layer can point the user at
 * the matching dataset (the parser knows nothing of rows or flags).
 */
export class OtherCifarError extends FormatError {
  override name = 'OtherCifarError';
  constructor(
    fileName: string,
    readonly found: 'cifar10' | 'cifar100',
    detail: string,
  ) {
    super(fileName, 'other-cifar', detail);
  }
}

/** Throws the signal's reason (an AbortError DOMException unless the caller gave one). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}

/** A caught error's message for quoting inside ours: no closing period ("…truncated.)." otherwise). */
export function errorMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  // Chromium prefixes stream errors with the call that saw them ("Failed to execute 'close' on
  // 'WritableStreamDefaultWriter': Compressed input was truncated."): only the rest means
  // anything to the person reading the message.
  return message
    .replace(/^Failed to execute '[^']+' on '[^']+': /, '')
    .trim()
    .replace(/\.+$/, '');
}
