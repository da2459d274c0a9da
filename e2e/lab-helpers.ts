// Helpers for the lab's browser tests and the screenshot script: test-sized configs as links,
// and waits on what the page shows (data attributes the components expose for this).
import type { Page } from 'playwright-core';
import type { RunConfig } from '../src/core/config';
import { tinyRunConfig } from '../src/test/tiny-config';
import type { BackendPreference } from '../src/engine/backends/types';
import { encodeLink } from '../src/ui/state/url-codec';

/** A run SwiftShader trains in seconds (measured before sizing; see the test output). */
export function tinyLabConfig(change: (c: RunConfig) => void = () => {}): RunConfig {
  return tinyRunConfig((c) => {
    c.projector.sae.latentDim = 32;
    c.projector.sae.topK = 8;
    c.train.epochs = 2; // 8 steps per epoch
    c.train.checkpointEvery = 8;
    c.train.evalEveryEpochs = 0;
    change(c);
  });
}

/** The shortest useful run: 32 images at batch 8, one epoch (4 steps, logged every 2). */
export function fourStepLabConfig(): RunConfig {
  return tinyLabConfig((c) => {
    c.data.syntheticTrainSize = 32;
    c.data.syntheticTestSize = 16;
    c.train.epochs = 1;
    c.train.checkpointEvery = 0;
    c.optim.warmupEpochs = 0;
  });
}

export function labUrl(baseUrl: string, config: RunConfig, backend: BackendPreference = 'auto'): string {
  const query = encodeLink(config, backend);
  return `${baseUrl}${query ? `?${query}` : ''}`;
}

/** Waits for the engine's hello (Start is enabled once the engine is ready and the config is valid). */
export async function waitForReady(page: Page, timeout = 60_000): Promise<void> {
  await page.getByTestId('live-status').filter({ hasNotText: 'Starting the training engine' }).waitFor({ timeout });
}

/** Points drawn (or tabled) in a chart, from its data-points attribute. */
export async function chartPoints(page: Page, chartId: string): Promise<number> {
  const value = await page.locator(`[data-chart="${chartId}"]`).getAttribute('data-points');
  return Number(value ?? 0);
}

export async function waitForChartPoints(page: Page, chartId: string, atLeast: number, timeout = 240_000): Promise<void> {
  try {
    await page.waitForFunction(
      ({ id, n }) => Number(document.querySelector(`[data-chart="${id}"]`)?.getAttribute('data-points') ?? 0) >= n,
      { id: chartId, n: atLeast },
      { timeout, polling: 250 },
    );
  } catch (err) {
    throw new Error(`${String(err)}\n${await pageDiagnostics(page)}`, { cause: err });
  }
}

/** What the page shows about runs, for failure messages. */
export async function pageDiagnostics(page: Page): Promise<string> {
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll('.run-table tbody tr')].map(
      (r) => `${r.querySelector('th')?.textContent?.trim()}: ${r.getAttribute('data-status')}`,
    );
    const notices = [...document.querySelectorAll('.notice')].map((n) => n.textContent?.trim());
    const header = document.querySelector('[data-testid="run-header"]')?.textContent;
    return [
      `status: ${document.querySelector('[data-testid="live-status"]')?.textContent}`,
      `header: ${header}`,
      `runs: ${rows.join('; ')}`,
      `notices: ${notices.join(' | ')}`,
    ].join('\n');
  });
}

/** Waits until the run row `name` shows `status` in the run table. */
export async function waitForRunStatus(page: Page, name: string | RegExp, status: string, timeout = 240_000): Promise<void> {
  try {
    await page
      .locator(`tr[data-status="${status}"]`)
      .filter({ has: page.getByRole('rowheader', { name }) })
      .waitFor({ timeout });
  } catch (err) {
    throw new Error(`${String(err)}\n${await pageDiagnostics(page)}`, { cause: err });
  }
}

/** Names of the runs in the table, newest first. */
export async function runNames(page: Page): Promise<string[]> {
  return page.locator('.run-table tbody tr th button.run-name').allInnerTexts();
}

/** Starts recording the page's long main-thread tasks (> 50 ms); read them with longTasks(). */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
}

/** Durations (ms) of the long tasks since observeLongTasks(). */
export async function longTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
}
