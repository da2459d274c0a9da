// A download that failed for a reason outside the file's contents (HTTP status, network, CORS).
// Unlike a FormatError, trying again later may help, so an interrupted attempt keeps what it
// finished (see cache/attempt.ts).
export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    readonly url: string,
    readonly fileName: string,
    detail: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${fileName}: ${detail}`, options);
  }
}
