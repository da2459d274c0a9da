// A study in the lab: a sweep of 2 variants x 2 seeds on the synthetic set (wasm, test-sized)
// shows its runs grouped by variant, each variant as a mean line with a 95% band in the
// charts, each variant's mean with error bars in both directions in the scatter, and the
// difference to the baseline paired by seed in the study table. Then a study.json (as
// `npm run study` writes it) is imported and shown the same way, and kept after a reload.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/core/config';
import { applyPreset } from '../src/core/config-presets';
import { buildStudy, studyProtocol } from '../src/engine/study/build';
import type { StudyRun } from '../src/engine/study/types';
import { openLab, type LabBrowser } from './support/browser';
import { fourStepLabConfig, labUrl, pageDiagnostics, runNames, waitForReady } from './lab-helpers';

let lab: LabBrowser | undefined;
afterEach(async () => {
  if (lab) await lab.close();
  lab = undefined;
});

const SHOTS = process.env.STUDY_SCREENSHOTS; // a folder: screenshots for a person to look at

describe('a study in the lab', () => {
  it('groups a sweep of 2 variants x 2 seeds: bands, error bars and a paired difference', async () => {
    lab = await openLab();
    const { page } = lab;
    const t0 = Date.now();
    await page.goto(labUrl(lab.baseUrl, fourStepLabConfig(), 'wasm'));
    await waitForReady(page);
    // The paper's study as a preset: four variants, three seeds each (not run here: too long).
    await page.getByRole('button', { name: "The paper's study" }).click();
    await page.getByRole('button', { name: 'Run sweep of 12 (4 variants × 3 seeds)' }).waitFor();
    await page.getByRole('checkbox', { name: '+Sparse AE', exact: true }).uncheck();
    await page.getByRole('checkbox', { name: '+Regulariser', exact: true }).uncheck();
    await page.getByRole('checkbox', { name: '+Discrete', exact: true }).check();
    await page.getByLabel('Seeds per variant').fill('2');
    await page.getByRole('button', { name: 'Run sweep of 4 (2 variants × 2 seeds)' }).click();
    const sweep = page.getByTestId('sweep');
    try {
      await sweep.and(page.locator('[data-state="done"]')).waitFor({ timeout: 290_000 });
    } catch (err) {
      throw new Error(`${String(err)}\n${await pageDiagnostics(page)}`, { cause: err });
    }
    console.log(`sweep of 2 variants x 2 seeds done after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(await runNames(page)).toEqual([
      'Sweep 1 · +Discrete · seed 1',
      'Sweep 1 · Baseline · seed 1',
      'Sweep 1 · +Discrete · seed 0',
      'Sweep 1 · Baseline · seed 0',
    ]);

    // Grouped runs: the study table has one row per variant, two seeds each.
    const study = page.getByTestId('study').first();
    const rows = study.locator('tbody tr[data-variant]');
    await rows.first().waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('tr[data-variant]')].every((r) => r.getAttribute('data-n') === '2'), null, {
      timeout: 30_000,
    });
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-variant')))).toEqual(['Baseline', '+Discrete']);
    expect(await rows.first().locator('th .cell-note').innerText()).toBe('seeds 0, 1');
    // The paired difference to the baseline with its interval (or its zero width), n = 2.
    const difference = await study.getByTestId('paired-difference').innerText();
    console.log(`paired difference, Z1 linear: ${difference}`);
    expect(difference).toMatch(/^[+−]?\d+\.\d pts\s+\[[+−]?\d+\.\d, [+−]?\d+\.\d\], n = 2$/);
    expect(await study.locator('caption').innerText()).toContain('lab probe');

    // Charts: the sweep switched them to variant means with 95% bands.
    expect(await page.getByRole('button', { name: 'variant mean ± 95% CI' }).getAttribute('aria-pressed')).toBe('true');
    const mi = page.locator('[data-chart="mi"]');
    await mi.scrollIntoViewIfNeeded();
    expect(await mi.getAttribute('data-series')).toBe('2');
    // A band needs two seeds' values at a step: it is drawn once both runs' histories have been
    // read back from IndexedDB after the sweep, so wait for that state (it once raced here).
    await page.waitForFunction(() => document.querySelector('[data-chart="mi"]')?.getAttribute('data-bands') === '2', null, { timeout: 30_000 });
    expect(Number(await mi.getAttribute('data-bands'))).toBe(2);
    await mi.locator('.recharts-area path').first().waitFor({ timeout: 20_000 });
    expect(await mi.locator('.chart-legend li').allInnerTexts()).toEqual(['Sweep 1 · Baseline (mean of 2 seeds)', 'Sweep 1 · +Discrete (mean of 2 seeds)']);

    // Scatter: one point per variant with error bars in x and y.
    const scatter = page.locator('[data-chart="mi-vs-accuracy"]');
    await scatter.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('[data-chart="mi-vs-accuracy"]')?.getAttribute('data-error-bars') === '4', null, {
      timeout: 30_000,
    });
    expect(await scatter.getAttribute('data-variant-points')).toBe('2');
    expect(await scatter.getAttribute('data-error-bars')).toBe('4');
    await scatter.locator('.recharts-errorBar').first().waitFor({ timeout: 20_000 });
    expect(await scatter.locator('.recharts-errorBar').count()).toBeGreaterThanOrEqual(4);
    if (SHOTS) {
      await study.screenshot({ path: `${SHOTS}/study-table.png` });
      await mi.screenshot({ path: `${SHOTS}/study-band.png` });
      await scatter.screenshot({ path: `${SHOTS}/study-scatter.png` });
      await page.screenshot({ path: `${SHOTS}/study-page.png`, fullPage: true });
    }

    // Each run again: the same chart draws four lines and no band.
    await page.getByRole('button', { name: 'each run' }).click();
    await page.waitForFunction(() => document.querySelector('[data-chart="mi"]')?.getAttribute('data-series') === '4');
    expect(await mi.getAttribute('data-bands')).toBe('0');
  });

  it('imports a study.json, shows it with error bars, and keeps it after a reload', async () => {
    const run = (seed: number, z1: number, mi: number): StudyRun => ({
      seed,
      step: 1536,
      z1LinearTop1: z1,
      z2LinearTop1: z1 - 0.03,
      z1KnnTop1: z1 - 0.05,
      z2KnnTop1: z1 - 0.08,
      miZ1Z2: mi,
      hZ1: 3,
      hZ2: 2,
      sslLoss: 3.1,
      zeroRowsZ2: 0,
    });
    const base = defaultConfig();
    const json = buildStudy('Headless study', studyProtocol(base, [0, 1, 2], { host: 'headless', trainImages: 4096, stepsPerRun: 1536, anyDiscrete: false }), [
      { name: 'baseline', config: base, runs: [run(0, 0.4, 0.8), run(1, 0.41, 0.85), run(2, 0.39, 0.9)] },
      { name: 'lmbd', config: applyPreset(base, 'reg'), runs: [run(0, 0.42, 0.5), run(1, 0.44, 0.55), run(2, 0.41, 0.45)] },
    ]);
    lab = await openLab();
    const { page } = lab;
    await page.goto(lab.baseUrl);
    await waitForReady(page);
    await page.getByLabel('Import study.json').setInputFiles({ name: 'study.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
    const study = page.locator('[data-testid="study"][data-imported="true"]');
    await study.waitFor();
    expect(await study.locator('tr[data-variant="lmbd"]').getAttribute('data-n')).toBe('3');
    // Paired: seed 0 +2, seed 1 +3, seed 2 +2 points.
    expect(await study.getByTestId('paired-difference').innerText()).toMatch(/^\+2\.3 pts\s+\[\+0\.9, \+3\.8\], n = 3$/);
    const scatter = page.locator('[data-chart="mi-vs-accuracy"]');
    expect(await scatter.getAttribute('data-error-bars')).toBe('4');

    // A file that is not a study: a clear notice, nothing replaced.
    await page.getByLabel('Import study.json').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    await page.locator('.notice', { hasText: 'notes.json is not a usable study.json' }).waitFor();

    await page.reload();
    await waitForReady(page);
    await page.locator('[data-testid="study"][data-imported="true"]').waitFor();
    expect(await page.locator('[data-testid="study"]').count()).toBe(1);
  });
});
