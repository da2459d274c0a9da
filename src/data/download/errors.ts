// A download that failed for a reason outside the file's contents (HTTP status, network, CORS,
// an HTML page where a file was expected). Unlike a FormatError, trying again later or with
// another URL may help, so an interrupted attempt keeps what it finished (see cache/attempt.ts).
// `message` is "file: what happened" with no advice and no closing period, so it can be quoted
// inside another sentence; `advice` is the sentence that says what to do.
export class DownloadError extends Error {
  override name = 'DownloadError';
  readonly advice: string;

  constructor(
    readonly url: string,
    readonly fileName: string,
    detail: string,
    readonly status?: number,
    options?: { cause?: unknown; advice?: string },
  ) {
    super(`${fileName}: ${detail}`, { cause: options?.cause });
    this.advice = options?.advice ?? 'Try again later, or set a mirror URL.';
  }
}
