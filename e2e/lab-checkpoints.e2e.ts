// Checkpoints on time and when the page is hidden: a run with no step schedule (checkpointEvery
// 0) still saves within its first minute of training, saves again when the page is hidden,
// and after the browser is killed it continues from there. A run cut off before any save
// says so on its row and in the header. The run is 8,000 steps: no machine finishes it first.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { runRecord } from '../src/ui/testing';
import { openLab, type LabBrowser } from './support/browser';
import { labUrl, pageDiagnostics, tinyLabConfig, waitForChartPoints, waitForReady, waitForRunStatus } from './lab-helpers';

const opened: LabBrowser[] = [];
afterEach(async () => {
  for (const lab of opened.splice(0)) await lab.close();
});

const longRun = tinyLabConfig((c) => {
  c.train.epochs = 1000; // 8 steps an epoch: 8,000 steps
  c.train.checkpointEvery = 0; // no step schedule: only time, pause, hide and the end save
});

const row = (page: Page, name: string) => page.locator('tr', { has: page.getByRole('rowheader', { name }) });

/** Waits until the run's row reports a checkpoint after `after` (data-checkpoint), and returns its step. */
async function waitForCheckpoint(page: Page, name: string, after: number, timeout: number): Promise<number> {
  try {
    await page.waitForFunction(
      ({ n, a }) => {
        const r = [...document.querySelectorAll('.run-table tbody tr')].find((tr) => tr.querySelector('th')?.textContent?.includes(n));
        return Number(r?.getAttribute('data-checkpoint') ?? -1) > a;
      },
      { n: name, a: after },
      { timeout, polling: 250 },
    );
  } catch (err) {
    throw new Error(`${String(err)}\n${await pageDiagnostics(page)}`, { cause: err });
  }
  return Number(await row(page, name).getAttribute('data-checkpoint'));
}

describe('checkpoints of a browser run', () => {
  it('saves within the first minute of training and when the page is hidden; a killed browser continues from there', async () => {
    const lab = await openLab();
    opened.push(lab);
    const { page, profileDir } = lab;
    await page.goto(labUrl(lab.baseUrl, longRun, 'wasm'));
    await waitForReady(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForChartPoints(page, 'ssl-loss', 1);
    const t0 = Date.now();
    // The first save on time (FIRST_SAVE_MILLIS = 30 s of training); the 60 s wait is a bound, not a race.
    const first = await waitForCheckpoint(page, '#1 Baseline', 0, 120_000);
    console.log(`first checkpoint at step ${first}, ${((Date.now() - t0) / 1000).toFixed(1)} s after the first point`);
    // The page is hidden (a tab switch, a phone locking): the engine saves after its current step.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    // The next save on time is 3 minutes away: one within 100 s is the hidden page's.
    const hidden = await waitForCheckpoint(page, '#1 Baseline', first, 100_000);
    console.log(`checkpoint on hide at step ${hidden}`);

    // Kill the browser while the run trains, then open the same profile again.
    await lab.close(true);
    opened.splice(opened.indexOf(lab), 1);
    const again = await openLab({ profileDir });
    opened.push(again);
    await again.page.goto(again.baseUrl);
    await waitForReady(again.page);
    await waitForRunStatus(again.page, '#1 Baseline', 'interrupted', 60_000);
    expect(Number(await row(again.page, '#1 Baseline').getAttribute('data-checkpoint'))).toBeGreaterThanOrEqual(hidden);
    await again.page.getByRole('button', { name: 'Continue training #1 Baseline' }).click();
    await waitForRunStatus(again.page, '#1 Baseline', 'running', 60_000);
    await again.page.waitForFunction(
      (from) => Number(document.querySelector('[data-testid="run-step"]')?.textContent?.split('/')[0].replace(/,/g, '')) > from,
      hidden,
      { timeout: 120_000, polling: 250 },
    );
    await again.page.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForRunStatus(again.page, '#1 Baseline', 'stopped');
  });

  it('says on the row and in the header when an interrupted run has nothing to resume from', async () => {
    const lab = await openLab();
    opened.push(lab);
    const { page } = lab;
    await page.goto(lab.baseUrl);
    await waitForReady(page);
    // What a tab closed in the first seconds of a run leaves: a record still "running", no checkpoint.
    await page.evaluate(
      async (record) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open('bottleneck-lab-runs');
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const tx = db.transaction('runs', 'readwrite');
        tx.objectStore('runs').put(record);
        await new Promise((resolve) => (tx.oncomplete = resolve));
        db.close();
      },
      runRecord('cut', { name: 'Cut short', status: 'running', step: 6, totalSteps: 8000 }, longRun),
    );
    await page.reload();
    await waitForReady(page);
    await waitForRunStatus(page, 'Cut short', 'interrupted', 60_000);
    const note = /Nothing to resume from: the run stopped before its first checkpoint was saved\. Start it again \(More → Use this config, then Start\)\./;
    expect(await row(page, 'Cut short').innerText()).toMatch(note);
    expect(await page.getByRole('button', { name: 'Continue training Cut short' }).count()).toBe(0);
    await row(page, 'Cut short').locator('button.run-name').click();
    expect(await page.getByTestId('no-checkpoint').innerText()).toMatch(note);
    expect(await page.getByRole('button', { name: 'Resume', exact: true }).isDisabled()).toBe(true);
  });
});
