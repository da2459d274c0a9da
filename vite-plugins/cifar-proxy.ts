// A same-origin route for the Toronto CIFAR tarballs in `vite` (dev) and `vite preview`:
//   GET /proxy/cifar/cifar-10-binary.tar.gz → https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz
// toronto.edu sends no CORS headers, so a page cannot fetch the files itself; through this
// route the data worker streams them like a local file. Only the known file names pass (this
// is not an open proxy). The upstream is configurable (a mirror) with CIFAR_PROXY_UPSTREAM or
// the plugin option. The body is piped through as it arrives: nothing is buffered here.
// Static hosting has no such route; the panel then says to download the file and import it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Plugin } from 'vite';

export const CIFAR_PROXY_ROUTE = '/proxy/cifar/';
export const CIFAR_UPSTREAM = 'https://www.cs.toronto.edu/~kriz';
const FILES = new Set(['cifar-10-binary.tar.gz', 'cifar-100-binary.tar.gz']);

export interface CifarProxyOptions {
  upstream?: string; // base URL the file names are appended to
  fetchImpl?: typeof fetch; // tests
}

type Next = (error?: unknown) => void;

export function createCifarProxyHandler(options: CifarProxyOptions = {}) {
  const upstream = (options.upstream ?? process.env.CIFAR_PROXY_UPSTREAM ?? CIFAR_UPSTREAM).replace(/\/+$/, '');
  const doFetch = options.fetchImpl ?? fetch;

  return async function cifarProxy(req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (!path.startsWith(CIFAR_PROXY_ROUTE)) return next();
    const name = decodeURIComponent(path.slice(CIFAR_PROXY_ROUTE.length));
    if (!FILES.has(name)) return reply(res, 404, `Only ${[...FILES].join(', ')} are served here.`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'GET or HEAD only.');

    const abort = new AbortController();
    res.on('close', () => abort.abort()); // the page cancelled: stop the upstream download too
    let upstreamResponse: Response;
    try {
      upstreamResponse = await doFetch(`${upstream}/${name}`, { method: req.method, signal: abort.signal, redirect: 'follow' });
    } catch (e) {
      return reply(res, 502, `The upstream ${upstream} could not be reached (${e instanceof Error ? e.message : String(e)}).`);
    }
    if (!upstreamResponse.ok) return reply(res, 502, `The upstream answered HTTP ${upstreamResponse.status} for ${name}.`);

    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/gzip');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    const length = upstreamResponse.headers.get('content-length');
    // The browser must see the compressed size, so the body is passed on as it came.
    if (length && !upstreamResponse.headers.get('content-encoding')) res.setHeader('Content-Length', length);
    if (req.method === 'HEAD' || !upstreamResponse.body) {
      res.end();
      return;
    }
    Readable.fromWeb(upstreamResponse.body as NodeReadableStream<Uint8Array>)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(text);
}

/** The plugin: the same route in the dev server and in `vite preview`. */
export function cifarProxy(options: CifarProxyOptions = {}): Plugin {
  const handler = createCifarProxyHandler(options);
  const use = (req: IncomingMessage, res: ServerResponse, next: Next): void => void handler(req, res, next).catch(next);
  return {
    name: 'bottleneck-lab:cifar-proxy',
    configureServer(server) {
      server.middlewares.use(use);
    },
    configurePreviewServer(server) {
      server.middlewares.use(use);
    },
  };
}
