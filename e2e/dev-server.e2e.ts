// The README's start command: `npm run dev` (the Vite dev server, not the production build the
// other browser tests use). Its dependency pre-bundling once gave the engine worker two copies
// of tfjs-core and the engine crashed on start; here the engine must come up and train, on
// threaded wasm with every core (the dev server sends the isolation headers too).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/browser';
import { labUrl, tinyLabConfig, waitForChartPoints, waitForReady } from './lab-helpers';

let server: ViteDevServer | undefined;
afterAll(async () => {
  await server?.close();
});

describe('dev server', () => {
  it('serves the lab whose engine starts and trains', async () => {
    server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'warn', optimizeDeps: { force: true } });
    await server.listen();
    const baseUrl = server.resolvedUrls?.local[0];
    if (!baseUrl) throw new Error('the dev server did not report a URL');
    const profile = mkdtempSync(join(tmpdir(), 'blab-dev-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    try {
      await context.route(/^https?:\/\//, (route) => (route.request().url().startsWith(baseUrl) ? route.continue() : route.abort('blockedbyclient')));
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(labUrl(baseUrl, tinyLabConfig(), 'wasm'));
      // The first visit may reload once while Vite finishes pre-bundling.
      await waitForReady(page, 120_000);
      await page.getByRole('button', { name: 'Start', exact: true }).click();
      await waitForChartPoints(page, 'ssl-loss', 2, 120_000);
      expect(await page.getByTestId('live-status').innerText()).not.toMatch(/crashed/);
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      expect(await page.getByTestId('backend-threads').innerText()).toContain(`${cores} thread`);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
