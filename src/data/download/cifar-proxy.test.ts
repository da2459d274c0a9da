// The dev/preview proxy route for the Toronto tarballs, against a local upstream (no network):
// known names stream through with their length, anything else is refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCifarProxyHandler } from '../../../vite-plugins/cifar-proxy';

const payload = new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff);
let upstream: Server;
let proxy: Server;
let base = '';
const upstreamHits: string[] = [];

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  upstream = createServer((req, res) => {
    upstreamHits.push(req.url ?? '');
    if (req.url === '/kriz/cifar-10-binary.tar.gz') {
      res.setHeader('Content-Length', String(payload.length));
      res.end(payload);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  const upstreamUrl = await listen(upstream);
  const handler = createCifarProxyHandler({ upstream: `${upstreamUrl}/kriz/` });
  proxy = createServer((req, res) => void handler(req, res, () => ((res.statusCode = 418), res.end('next'))));
  base = await listen(proxy);
});
afterAll(async () => {
  await Promise.all([upstream, proxy].map((s) => new Promise((r) => s.close(r))));
});

describe('cifar proxy route', () => {
  it('streams a known tarball with its length and content type', async () => {
    const res = await fetch(`${base}/proxy/cifar/cifar-10-binary.tar.gz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(payload.length));
    expect(res.headers.get('content-type')).toBe('application/gzip');
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), Buffer.from(payload))).toBe(0);
    expect(upstreamHits).toContain('/kriz/cifar-10-binary.tar.gz');
  });

  it('refuses other names without asking upstream, reports upstream errors, leaves other routes alone', async () => {
    const before = upstreamHits.length;
    const other = await fetch(`${base}/proxy/cifar/..%2Fsecret`);
    expect(other.status).toBe(404);
    expect(upstreamHits.length).toBe(before);
    const missing = await fetch(`${base}/proxy/cifar/cifar-100-binary.tar.gz`);
    expect(missing.status).toBe(502);
    expect(await missing.text()).toMatch(/HTTP 404 for cifar-100-binary\.tar\.gz/);
    expect((await fetch(`${base}/index.html`)).status).toBe(418);
  });
});
