// Class names come from the dataset as this browser cached it: a CIFAR-10-format archive whose
// batches.meta.txt names other classes is imported through the lab's dataset panel, the panel
// lists those names, and after a short run the embedding legend shows them (not airplane…truck).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CIFAR10_CLASSES } from '../src/data/formats/cifar-layout';
import { makeCifar10TarGz } from '../src/test/fixtures/cifar-tar';
import { openLab, type LabBrowser } from './support/browser';
import { labUrl, tinyLabConfig, waitForReady, waitForRunStatus } from './lab-helpers';

let lab: LabBrowser | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (lab) await lab.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  lab = undefined;
  dir = undefined;
});

const NAMES = ['apple', 'birch', 'cedar', 'daisy', 'elm', 'fern', 'gorse', 'holly', 'iris', 'juniper'];

describe('class names from the cached dataset', () => {
  it('an archive naming its own classes shows them in the dataset panel and the embedding legend', async () => {
    lab = await openLab();
    const { page } = lab;
    dir = mkdtempSync(join(tmpdir(), 'blab-classes-'));
    const archive = join(dir, 'cifar-10-binary.tar.gz');
    writeFileSync(archive, makeCifar10TarGz({ trainPerBatch: 40, testCount: 40, seed: 9, classNames: NAMES }));

    const config = tinyLabConfig((c) => {
      c.data.dataset = 'cifar10';
      c.data.trainSubset = 64; // 8 steps at batch 8
      c.train.epochs = 1;
      c.train.checkpointEvery = 0;
      c.optim.warmupEpochs = 0;
      c.eval.trainSubset = 64;
      c.eval.testSubset = 40;
      c.eval.embeddingSample = 40;
    });
    await page.goto(labUrl(lab.baseUrl, config, 'wasm'));
    await waitForReady(page);
    await page.getByLabel('Import CIFAR-10 archive').setInputFiles(archive);
    const classes = page.getByTestId('dataset-cifar10-classes');
    await classes.waitFor({ timeout: 60_000 });
    expect(await classes.innerText()).toBe(`10 classes: ${NAMES.join(', ')}`);

    const start = page.getByRole('button', { name: 'Start', exact: true });
    await page.waitForFunction(() => !(document.querySelector('.action-buttons button.primary') as HTMLButtonElement | null)?.disabled, null, {
      timeout: 30_000,
    });
    await start.click();
    await waitForRunStatus(page, '#1 Baseline', 'done');
    const embedding = page.locator('[data-chart="embedding"]');
    await embedding.waitFor({ timeout: 60_000 });
    const legend = await embedding.locator('figure').first().locator('.recharts-legend-item-text').allInnerTexts();
    console.log(`[class-names] legend: ${legend.join(', ')}`);
    expect(legend.length).toBeGreaterThan(1);
    for (const name of legend) expect(NAMES).toContain(name);
    for (const name of CIFAR10_CLASSES) expect(legend).not.toContain(name);
  });
});
