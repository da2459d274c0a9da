// A sweep of two presets runs to the end on the same data and budget, and the runs are
// overlaid for comparison when it is done.
import { afterEach, describe, expect, it } from 'vitest';
import { openLab, type LabBrowser } from './support/browser';
import { chartPoints, labUrl, fourStepLabConfig, runNames, waitForReady } from './lab-helpers';

let lab: LabBrowser | undefined;
afterEach(async () => {
  if (lab) await lab.close();
  lab = undefined;
});

const tiny = fourStepLabConfig();

describe('sweep queue', () => {
  it('runs Baseline and +Discrete one after the other and overlays them', async () => {
    lab = await openLab();
    const { page } = lab;
    const t0 = Date.now();
    await page.goto(labUrl(lab.baseUrl, tiny, 'webgpu'));
    await waitForReady(page);
    // The picker starts with Baseline and +Regulariser ticked: make it Baseline and +Discrete.
    await page.getByRole('checkbox', { name: '+Regulariser', exact: true }).uncheck();
    await page.getByRole('checkbox', { name: '+Discrete', exact: true }).check();
    await page.getByRole('button', { name: 'Run sweep of 2' }).click();
    expect(await page.getByRole('button', { name: 'Start', exact: true }).isDisabled()).toBe(true);
    const sweep = page.getByTestId('sweep');
    await sweep.and(page.locator('[data-state="done"]')).waitFor({ timeout: 290_000 });
    console.log(`sweep of 2 done after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(await sweep.locator('li[data-status]').evaluateAll((items) => items.map((i) => i.getAttribute('data-status')))).toEqual(['done', 'done']);
    expect(await runNames(page)).toEqual(['Sweep 1 · +Discrete', 'Sweep 1 · Baseline']);
    const legend = await page.locator('[data-chart="mi"] .chart-legend li').allInnerTexts();
    expect(legend).toEqual(['Sweep 1 · Baseline', 'Sweep 1 · +Discrete']);
    expect(await chartPoints(page, 'mi')).toBeGreaterThanOrEqual(4);
    expect(
      await page
        .locator('tr', { has: page.getByRole('rowheader', { name: 'Sweep 1 · +Discrete' }) })
        .locator('.diff-chip')
        .innerText(),
    ).toBe('point_num 5');
  });
});
