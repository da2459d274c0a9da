// Screenshots of the lab's main states for docs/ and the README: idle (first screen),
// training (a run in progress), comparing (a finished sweep overlaid) and the Z1/Z2 embeddings. About 8 minutes on
// SwiftShader.
// Run after a build:  npx vite build && npx tsx scripts/screenshots.ts
// Uses Debian's Chromium headless (WebGPU on SwiftShader) like the browser tests; the runs are
// test-sized, so the numbers in the pictures are not results.
import { chromium, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunConfig } from '../src/core/config';
import type { BackendPreference } from '../src/engine/backends/types';
import { labUrl, tinyLabConfig, waitForChartPoints, waitForReady } from '../e2e/lab-helpers';
import { startPreview } from './lib/preview-server';

const OUT = resolve(process.env.SCREENSHOT_DIR ?? 'docs');
const DIST = process.env.LAB_DIST ?? 'dist';
const THEME = process.env.SCREENSHOT_THEME; // 'dark' to check the dark theme
const ONLY = process.env.SCREENSHOTS?.split(',') ?? ['idle', 'training', 'compare', 'embedding']; // e.g. SCREENSHOTS=compare
// WebGL: on SwiftShader it trained this net ~5x faster than WebGPU (3 s against 17 s a step).
const BACKEND = (process.env.SCREENSHOT_BACKEND ?? 'webgl') as BackendPreference;

/** Small enough for SwiftShader, large enough that the information curves are not flat. */
function screenshotConfig(epochs: number, change: (c: RunConfig) => void = () => {}) {
  return tinyLabConfig((c) => {
    c.data.syntheticTrainSize = 128;
    c.data.syntheticTestSize = 64;
    c.encoder.convChannels = [8, 16];
    c.projector.hiddenDim = 64;
    c.projector.outputDim = 32;
    c.train.batchSize = 16;
    c.train.epochs = epochs;
    c.train.logEvery = 1;
    c.train.evalEveryEpochs = 1;
    change(c);
  });
}
const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400); // let the last frame's chart update paint
  const path = join(OUT, `screenshot-${name}${THEME ? `-${THEME}` : ''}.png`);
  await page.screenshot({ path });
  console.log(`wrote ${path}`);
}

async function main(): Promise<void> {
  const server = await startPreview(DIST);
  const { baseUrl } = server;
  const profile = mkdtempSync(join(tmpdir(), 'blab-shots-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    colorScheme: THEME === 'dark' ? 'dark' : 'light',
  });
  await context.route(/^https?:\/\//, (route) => (route.request().url().startsWith(baseUrl) ? route.continue() : route.abort('blockedbyclient')));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (err) => console.error(`[pageerror] ${err.message}`));
  try {
    // Idle: the first screen, default settings.
    if (ONLY.includes('idle')) {
      await page.goto(baseUrl);
      await waitForReady(page);
      await shot(page, 'idle');
    }

    // Training: a test-sized run, caught mid-way.
    if (ONLY.includes('training')) {
      await page.goto(labUrl(baseUrl, screenshotConfig(8), BACKEND));
      await waitForReady(page);
      await page.getByRole('button', { name: 'Start', exact: true }).click();
      await waitForChartPoints(page, 'ssl-loss', 14);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, 'training');
      await page.getByRole('button', { name: 'Stop', exact: true }).click();
      await page.locator('tr[data-status="stopped"]').first().waitFor({ timeout: 120_000 });
    }

    // Comparing: a sweep of three presets on equal budgets, overlaid.
    if (ONLY.includes('compare')) {
      const started = Date.now();
      await page.goto(labUrl(baseUrl, screenshotConfig(3), BACKEND));
      await waitForReady(page);
      for (const label of ['Baseline', '+Regulariser', '+Discrete']) {
        const box = page.getByRole('checkbox', { name: label, exact: true });
        if (!(await box.isChecked())) await box.check();
      }
      await page.getByRole('button', { name: /^Run sweep/ }).click();
      await page.locator('[data-testid="sweep"][data-state="done"]').waitFor({ timeout: 900_000 });
      console.log(`sweep of 3 took ${((Date.now() - started) / 1000).toFixed(0)} s`);
      // Differences are taken against the sweep's own baseline run.
      await page.getByRole('button', { name: 'More actions for Sweep 1 · Baseline' }).click();
      const makeBaseline = page.getByRole('menuitem', { name: 'Make it the baseline' });
      if (await makeBaseline.isEnabled()) await makeBaseline.click();
      else await page.keyboard.press('Escape'); // it already is (the oldest run)
      await page.setViewportSize({ width: 1280, height: 1180 });
      await page.locator('.runs').scrollIntoViewIfNeeded();
      await page.evaluate(() => {
        const runs = document.querySelector('.runs');
        if (runs) window.scrollTo(0, runs.getBoundingClientRect().top + window.scrollY - 70);
      });
      await shot(page, 'compare');
    }

    // Embedding: Z1 beside Z2 after a short wasm run (a few hundred images, evaluated each epoch).
    if (ONLY.includes('embedding')) {
      const config = screenshotConfig(6, (c) => {
        c.data.syntheticTrainSize = 512;
        c.data.syntheticTestSize = 300;
        c.train.batchSize = 32;
        c.train.logEvery = 4;
        c.train.evalEveryEpochs = 3;
        c.optim.classifierLr = 1;
      });
      await page.setViewportSize({ width: 1280, height: 860 });
      await page.goto(labUrl(baseUrl, config, 'wasm'));
      await waitForReady(page);
      await page.getByRole('button', { name: 'Start', exact: true }).click();
      await page.locator('tr[data-status="done"]').first().waitFor({ timeout: 600_000 });
      const view = page.locator('[data-chart="embedding"]');
      await view.scrollIntoViewIfNeeded();
      await page.waitForTimeout(1500); // the charts' throttled redraw
      const path = join(OUT, `screenshot-embedding${THEME ? `-${THEME}` : ''}.png`);
      await view.screenshot({ path });
      console.log(`wrote ${path}`);
      await view.getByRole('button', { name: 'UMAP' }).click();
      await page.waitForTimeout(800);
      const umapPath = join(OUT, `screenshot-embedding-umap${THEME ? `-${THEME}` : ''}.png`);
      await view.screenshot({ path: umapPath });
      console.log(`wrote ${umapPath}`);
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
