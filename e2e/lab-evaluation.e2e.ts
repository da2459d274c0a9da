// Evaluation in the lab: scheduled evaluations reach the accuracy charts, the run table and
// the Z1/Z2 embedding view; "Evaluate now" on a paused run adds one; its features leave as
// Embedding Projector TSV files. wasm: the point is the flow, not the GPU.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { openLab, type LabBrowser } from './support/browser';
import { chartPoints, labUrl, tinyLabConfig, waitForChartPoints, waitForReady, waitForRunStatus } from './lab-helpers';

let lab: LabBrowser | undefined;
afterEach(async () => {
  if (lab) await lab.close();
  lab = undefined;
});

const TEST_IMAGES = 32;

describe('evaluation in the lab', () => {
  it('shows scheduled and on-demand evaluations in charts, table and embeddings, and exports features', async () => {
    lab = await openLab();
    const { page } = lab;
    // 64 images at batch 8: 8 steps per epoch, evaluated after each of the 2 epochs.
    const scheduled = tinyLabConfig((c) => {
      c.data.syntheticTestSize = TEST_IMAGES;
      c.train.evalEveryEpochs = 1;
    });
    await page.goto(labUrl(lab.baseUrl, scheduled, 'wasm'));
    await waitForReady(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForRunStatus(page, '#1 Baseline', 'done');
    for (const id of ['linear-z1', 'linear-z2', 'knn-z1', 'knn-z2']) await waitForChartPoints(page, id, 2, 30_000); // epochs 1 and 2
    const row = page.locator('tr', { has: page.getByRole('rowheader', { name: '#1 Baseline' }) });
    const cells = await row.locator('td.num').allInnerTexts(); // SSL loss, I(Z1;Z2), linear Z1, kNN Z1, linear Z2, time
    for (const cell of cells.slice(2, 5)) expect(cell).toMatch(/^\d+(\.\d)?%/);
    const embedding = page.locator('[data-chart="embedding"]');
    await embedding.waitFor();
    expect(await embedding.getAttribute('data-points')).toBe(String(TEST_IMAGES));
    const classes = await embedding.locator('figure').evaluateAll((figs) => figs.map((f) => Number(f.getAttribute('data-classes'))));
    expect(classes).toHaveLength(2);
    for (const n of classes) expect(n).toBeGreaterThan(1);
    expect(await embedding.locator('.recharts-symbols').count()).toBeGreaterThanOrEqual(2 * TEST_IMAGES);
    await embedding.getByRole('button', { name: 'UMAP' }).click();
    await embedding.and(page.locator('[data-method="umap"]')).waitFor();
    expect(await embedding.locator('.recharts-symbols').count()).toBeGreaterThanOrEqual(2 * TEST_IMAGES);

    // A run that cannot end first, paused (the engine confirms it): Evaluate now adds a
    // point; the engine still holds the weights, so the features can be exported.
    const long = structuredClone(scheduled);
    long.train.epochs = 2000; // 16,000 steps: it cannot finish before the test pauses it
    long.train.evalEveryEpochs = 0;
    await page.goto(labUrl(lab.baseUrl, long, 'wasm'));
    await waitForReady(page);
    await page.getByLabel('Run name').fill('paused run');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    // Pause may land while the run still loads its data: the engine keeps it for the run.
    await page
      .locator('tr[data-status="running"]')
      .filter({ has: page.getByRole('rowheader', { name: 'paused run' }) })
      .waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await waitForRunStatus(page, 'paused run', 'paused');
    const before = await chartPoints(page, 'linear-z1');
    await page.getByRole('button', { name: 'Evaluate now', exact: true }).click();
    await waitForChartPoints(page, 'linear-z1', before + 1, 60_000);
    const pausedRow = page.locator('tr', { has: page.getByRole('rowheader', { name: 'paused run' }) });
    expect((await pausedRow.locator('td.num').allInnerTexts())[2]).toMatch(/^\d+(\.\d)?%/);

    await page.getByRole('button', { name: 'Export paused run' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: /Z1\/Z2 features/ }).click();
    const files = unzipSync(new Uint8Array(readFileSync(await (await download).path())));
    const text = (name: string) => new TextDecoder().decode(files[name]).trimEnd().split('\n');
    const z1 = text('z1/vectors.tsv');
    const z2 = text('z2/vectors.tsv');
    const meta = text('z1/metadata.tsv');
    expect(z1).toHaveLength(TEST_IMAGES);
    expect(z2).toHaveLength(TEST_IMAGES);
    expect(z1[0].split('\t')).toHaveLength(long.encoder.convChannels[long.encoder.convChannels.length - 1]);
    expect(z2[0].split('\t')).toHaveLength(long.projector.outputDim);
    expect(meta[0]).toBe('label\tclass');
    expect(meta).toHaveLength(TEST_IMAGES + 1);
    for (const line of z1) for (const v of line.split('\t')) expect(Number.isFinite(Number(v))).toBe(true);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
  });
});
