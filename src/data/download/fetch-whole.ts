// Whole-file downloads with streaming progress. No range requests: Hugging Face's CDN does not
// serve them reliably (design.md), so a file is fetched in one GET. The body is read chunk by
// chunk into one buffer sized from Content-Length, so the file exists once in memory, not as
// a list of chunks plus their concatenation.
import { fileNameOf } from '../catalog';
import { throwIfAborted } from '../formats/errors';
import { DownloadError } from './errors';

export interface FetchProgress {
  bytes: number;
  total?: number; // from Content-Length; absent when the server compresses or does not say
}

export interface FetchWholeOptions {
  signal?: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
  fetchImpl?: typeof fetch; // tests
}

/** Opens a GET and checks the status; the caller reads `response.body`. */
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
      `the download failed before any data arrived (network error, blocked, or no CORS headers from ${hostOf(url)})`,
      undefined,
      { cause: e },
    );
  }
  if (!response.ok || !response.body) {
    const hint =
      response.status === 404 ? ' (not found: check the URL or the mirror)' : response.status === 401 || response.status === 403 ? ' (access denied)' : '';
    throw new DownloadError(url, fileName, `the server answered HTTP ${response.status} ${response.statusText}${hint}`, response.status);
  }
  // Content-Length counts the encoded bytes: with Content-Encoding it says nothing about the body.
  const length = Number(response.headers.get('content-length'));
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total = Number.isFinite(length) && length > 0 && !encoded ? length : undefined;
  return { response, total, fileName };
}

export async function fetchWhole(url: string, options: FetchWholeOptions = {}): Promise<ArrayBuffer> {
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
    throw new DownloadError(url, fileName, `the connection dropped${at} (${e instanceof Error ? e.message : String(e)})`, undefined, { cause: e });
  } finally {
    reader.releaseLock();
  }
  if (total !== undefined && bytes !== total) {
    throw new DownloadError(url, fileName, `the download ended after ${bytes} of ${total} bytes`);
  }
  return bytes === buffer.length ? buffer.buffer : buffer.buffer.slice(0, bytes);
}

function grow(buffer: Uint8Array, used: number, needed: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(Math.max(needed, buffer.length * 2));
  next.set(buffer.subarray(0, used));
  return next;
}

function hostOf(url: string): string {
  try {
    return new URL(url, 'http://localhost/').host;
  } catch {
    return 'the server';
  }
}
