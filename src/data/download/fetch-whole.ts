// Whole-file downloads with streaming progress. No range requests: Hugging Face's CDN does not
// serve them reliably (design.md), so a file is fetched in one GET. The body is read chunk by
// chunk into one buffer sized from Content-Length, so the file exists once in memory, not as
// a list of chunks plus their concatenation. The result says what was fetched (ETag, length)
// so a later attempt can tell whether the server still has the same file (./probe.ts).
import { fileNameOf, hostOf } from '../catalog';
import { throwIfAborted } from '../formats/errors';
import { DownloadError } from './errors';
import { htmlSent, isHtmlType, looksLikeHtml } from './html';

export interface FetchProgress {
  bytes: number;
  total?: number; // from Content-Length; absent when the server compresses or does not say
}

export interface FetchWholeOptions {
  signal?: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
  fetchImpl?: typeof fetch; // tests
}

/** A downloaded file and what the server said about it. */
export interface FetchedFile {
  buffer: ArrayBuffer;
  url: string; // as asked for (not the redirect target: the URL is what the user set)
  bytes: number;
  etag?: string; // absent when the server sends none or does not expose it (CORS)
}

/** Opens a GET and checks the status and type; the caller reads `response.body`. */
export async function openDownload(url: string, options: FetchWholeOptions = {}): Promise<{ response: Response; total?: number; fileName: string }> {
  const fileName = fileNameOf(url);
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(url, { signal: options.signal, cache: 'no-store', credentials: 'omit' });
  } catch (e) {
    throwIfAborted(options.signal);
    throw new DownloadError(
      url,
      fileName,
      `the download failed before any data arrived: a network error, a blocked request, or no CORS headers from ${hostOf(url)}`,
      undefined,
      { cause: e },
    );
  }
  if (!response.ok || !response.body) {
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const advice =
      response.status === 404
        ? 'No file is at that URL: check it, or set a mirror URL.'
        : response.status === 401 || response.status === 403
          ? 'Access was denied: the file may need a login; set a mirror URL that serves it openly.'
          : undefined;
    throw new DownloadError(url, fileName, `${hostOf(url)} answered ${status}`, response.status, { advice });
  }
  if (isHtmlType(response.headers.get('content-type'))) {
    void response.body.cancel().catch(() => undefined);
    throw htmlSent(url, fileName);
  }
  // Content-Length counts the encoded bytes: with Content-Encoding it says nothing about the body.
  const length = Number(response.headers.get('content-length'));
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total = Number.isFinite(length) && length > 0 && !encoded ? length : undefined;
  return { response, total, fileName };
}

export async function fetchWhole(url: string, options: FetchWholeOptions = {}): Promise<FetchedFile> {
  const { response, total, fileName } = await openDownload(url, options);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let buffer = new Uint8Array(total ?? 1 << 20);
  let bytes = 0;
  options.onProgress?.({ bytes, total });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (bytes + value.length > buffer.length) buffer = grow(buffer, bytes, bytes + value.length);
      buffer.set(value, bytes);
      bytes += value.length;
      options.onProgress?.({ bytes, total });
    }
  } catch (e) {
    throwIfAborted(options.signal);
    const at = total ? ` at ${Math.round((100 * bytes) / total)}%` : ` after ${bytes} bytes`;
    throw new DownloadError(url, fileName, `the connection dropped${at}: ${e instanceof Error ? e.message : String(e)}`, undefined, { cause: e });
  } finally {
    reader.releaseLock();
  }
  if (total !== undefined && bytes !== total) {
    throw new DownloadError(url, fileName, `the download ended after ${bytes} of ${total} bytes`);
  }
  // A server that labels its error or login page as a file: the bytes tell.
  if (looksLikeHtml(buffer.subarray(0, Math.min(bytes, 512)))) throw htmlSent(url, fileName);
  const etag = response.headers.get('etag') ?? undefined;
  return { buffer: bytes === buffer.length ? buffer.buffer : buffer.buffer.slice(0, bytes), url, bytes, etag };
}

function grow(buffer: Uint8Array, used: number, needed: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(Math.max(needed, buffer.length * 2));
  next.set(buffer.subarray(0, used));
  return next;
}
