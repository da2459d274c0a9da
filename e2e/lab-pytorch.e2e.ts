// PyTorch interop in the lab: a Lightning checkpoint written by real PyTorch (a fixture of
// scripts/interop/make_fixtures.py) is opened, its inferred architecture shown and confirmed;
// the imported model is evaluated (charts, run table, Z1/Z2 embeddings) and continues
// training; its export to safetensors gives back the PyTorch tensors exactly, and its
// solo-learn YAML parses. wasm: the point is the flow, not the GPU.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { readSafetensors, readWeightsFile } from '../src/interop';
import { openLab, type LabBrowser } from './support/browser';
import { labUrl, tinyLabConfig, waitForChartPoints, waitForReady, waitForRunStatus } from './lab-helpers';

let lab: LabBrowser | undefined;
afterEach(async () => {
  if (lab) await lab.close();
  lab = undefined;
});

const FIXTURE = join(import.meta.dirname, '../src/test/fixtures/pytorch/simclr.ckpt');
const TEST_IMAGES = 32;

describe('PyTorch checkpoints in the lab', () => {
  it('opens a Lightning .ckpt: inferred architecture, evaluation, embeddings, continued training, exports', async () => {
    lab = await openLab();
    const { page } = lab;
    // The form supplies what weights do not: data (64 + 32 synthetic images), budget, evaluation.
    await page.goto(
      labUrl(
        lab.baseUrl,
        tinyLabConfig((c) => (c.data.syntheticTestSize = TEST_IMAGES)),
        'wasm',
      ),
    );
    await waitForReady(page);
    await page.getByLabel('Open a PyTorch checkpoint').setInputFiles(FIXTURE);
    const dialog = page.getByTestId('pytorch-import');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').innerText()).toMatch(/simclr\.ckpt: Lightning checkpoint \(epoch 3, step 120\)/);
    const inferred = await dialog.getByTestId('inferred-architecture').innerText();
    expect(inferred).toMatch(/ResNet-18 \(solo-learn CIFAR variant\), width 2, Z1 16-d/);
    expect(inferred).toMatch(/SimCLR MLP 16 → 32 → 8/);
    expect(inferred).toMatch(/Online classifier: 10 classes/);
    expect(await dialog.innerText()).toMatch(/Ignored cls\.weight, cls\.bias/);
    await dialog.getByRole('button', { name: 'Import and evaluate' }).click();

    await waitForRunStatus(page, 'simclr', 'paused', 120_000);
    for (const id of ['linear-z1', 'linear-z2', 'knn-z1']) await waitForChartPoints(page, id, 1, 120_000);
    const row = page.locator('tr', { has: page.getByRole('rowheader', { name: 'simclr' }) });
    expect((await row.locator('td.num').allInnerTexts())[2]).toMatch(/^\d+(\.\d)?%/); // linear Z1
    const runId = await row.getAttribute('data-run-id');
    const embedding = page.locator(`[data-chart="embedding"][data-run="${runId}"]`);
    await embedding.waitFor();
    expect(await embedding.getAttribute('data-points')).toBe(String(TEST_IMAGES));
    expect(await embedding.locator('.recharts-symbols').count()).toBeGreaterThanOrEqual(2 * TEST_IMAGES);
    console.log(`imported run: ${(await row.innerText()).replace(/\s+/g, ' ')}`);

    // Export for PyTorch: the weights come back exactly as PyTorch saved them.
    const saveAs = async (label: string) => {
      await page.getByRole('button', { name: 'Export simclr' }).click();
      const download = page.waitForEvent('download');
      await page.getByRole('menuitem', { name: label }).click();
      return new Uint8Array(readFileSync(await (await download).path()));
    };
    const exported = readSafetensors(await saveAs('PyTorch weights (.safetensors)'));
    const original = readWeightsFile(new Uint8Array(readFileSync(FIXTURE))).tensors;
    expect([...exported.tensors.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [key, t] of original) if (!key.endsWith('num_batches_tracked')) expect(exported.tensors.get(key)!.bytes, key).toEqual(t.bytes);
    const yaml = parse(new TextDecoder().decode(await saveAs('solo-learn config (.yaml)'))) as Record<string, unknown>;
    expect(yaml).toMatchObject({ method: 'simclr', method_kwargs: { proj_hidden_dim: 32, proj_output_dim: 8 }, sparse_autoencoder: false });

    // Continue training from the imported weights: the run trains to its end and is evaluated.
    await page.getByRole('button', { name: 'Continue training simclr' }).click();
    await waitForRunStatus(page, 'simclr', 'done', 240_000);
    await waitForChartPoints(page, 'linear-z1', 2, 120_000);
  });

  it('refuses a pickle that would run code, naming the global', async () => {
    lab = await openLab();
    const { page } = lab;
    await page.goto(labUrl(lab.baseUrl, tinyLabConfig(), 'wasm'));
    await waitForReady(page);
    await page.getByLabel('Open a PyTorch checkpoint').setInputFiles(join(import.meta.dirname, '../src/test/fixtures/pytorch/evil.pth'));
    await page.locator('.notice').filter({ hasText: 'evil.pth cannot be opened as PyTorch weights: it needs the Python global posix.system' }).waitFor();
    expect(await page.getByTestId('pytorch-import').count()).toBe(0);
  });
});
