// The built lab served by Vite's preview server on a free local port, for the scripts that
// drive it in headless Chromium (benchmarks, screenshots, profiles). `dir` is the build to
// serve: LAB_DIST or dist/ unless a script names another.
import { preview } from 'vite';

export interface PreviewServer {
  baseUrl: string;
  close(): Promise<void>;
}

export async function startPreview(dir: string = process.env.LAB_DIST ?? 'dist'): Promise<PreviewServer> {
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, build: { outDir: dir }, logLevel: 'warn' });
  const baseUrl = server.resolvedUrls?.local[0];
  if (!baseUrl) {
    await server.close();
    throw new Error('vite preview did not report a URL');
  }
  return { baseUrl, close: () => server.close() };
}
