// Asking a server whether the file a stored split came from is still the same, without
// downloading it: one HEAD request, compared on ETag and length (cache/resume-plan.ts decides).
// HEAD is a CORS-safelisted method, so it needs no preflight; Content-Length is a safelisted
// response header, ETag is readable where the server exposes it (Hugging Face does).
import type { RemoteFile } from '../cache';

/** What the server says about `url` now, or undefined when it cannot say (error, no HEAD, offline). */
export async function probeFile(url: string, options: { fetchImpl?: typeof fetch; signal?: AbortSignal } = {}): Promise<RemoteFile | undefined> {
  try {
    const response = await (options.fetchImpl ?? fetch)(url, { method: 'HEAD', signal: options.signal, cache: 'no-store', credentials: 'omit' });
    if (!response.ok) return undefined;
    const length = Number(response.headers.get('content-length'));
    const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
    return {
      etag: response.headers.get('etag') ?? undefined,
      bytes: Number.isFinite(length) && length > 0 && !encoded ? length : undefined,
    };
  } catch {
    if (options.signal?.aborted) throw options.signal.reason;
    return undefined;
  }
}
