// The dataset panel in headless Chromium on a fresh profile (datasets.html): a generated
// Toronto-format tarball imported through the file input survives a reload without being read
// again; a corrupt file or the CIFAR-100 tarball leaves it intact; verify and delete; the
// Hugging Face path with page-routed parquet files, including a failed split that the next
// attempt resumes (datasets-resume.e2e.ts: a mirror and every failure around a stored split);
// cancel and reload mid-download. No request leaves the machine (openLab aborts them).
// Quota errors are tested in Node (src/data/import/import-archive.test.ts): headless Chromium
// reports a fixed 10 GiB quota and ignores DevTools' Storage.overrideQuotaForOrigin.
import { afterEach, describe, expect, it } from 'vitest';
import { makeCifar100TarGz, makeCifar10TarGz } from '../src/test/fixtures/cifar-tar';
import { makeCifarParquet } from '../src/test/fixtures/cifar-parquet';
import { fixtureCoarseLabel, fixtureImage, fixtureLabel } from '../src/test/fixtures/pixels';
import { resolveSources } from '../src/data/catalog';
import { openLab, type LabBrowser } from './support/browser';
import { attributes, fixtureDir, openPanel, readStored, row, storedCopies, waitForStatus } from './support/datasets';

let lab: LabBrowser | undefined;
let files: ReturnType<typeof fixtureDir> | undefined;
afterEach(async () => {
  if (lab) await lab.close();
  files?.remove();
  lab = undefined;
  files = undefined;
});

const hf = resolveSources('cifar10').parquet;

function sameImage(stored: number[] | undefined, seed: number, index = 0): boolean {
  const expected = fixtureImage(seed, 'train', index);
  return !!stored && stored.length === expected.length && stored.every((v, i) => v === expected[i]);
}

describe('dataset panel', () => {
  it('imports a tarball through the file input, keeps it across a reload without re-reading it, survives a corrupt import, verifies and deletes', async () => {
    lab = await openLab();
    files = fixtureDir();
    const { page } = lab;
    const gz = makeCifar10TarGz({ trainPerBatch: 200, testCount: 200, seed: 11 });
    const good = files.write('cifar-10-binary.tar.gz', gz);
    const broken = files.write('broken-cifar-10.tar.gz', gz.subarray(0, gz.length - 100));

    await openPanel(page, lab.baseUrl);
    expect(await row(page, 'cifar10').getAttribute('data-status')).toBe('missing');
    const started = performance.now();
    await page.getByLabel('Import CIFAR-10 archive').setInputFiles(good);
    const imported = await waitForStatus(page, 'cifar10', 'complete');
    console.log(`[datasets.e2e] 1,200-image tarball imported in ${Math.round(performance.now() - started)} ms`);
    expect([imported['data-train-count'], imported['data-test-count']]).toEqual(['1000', '200']);
    await expect(row(page, 'cifar10').innerText()).resolves.toMatch(
      /Cached: 1,000 train · 200 test images · 3\.\d MB · imported from cifar-10-binary\.tar\.gz/,
    );
    await expect(page.getByTestId('dataset-messages').innerText()).resolves.toMatch(/CIFAR-10 cached: 1,000 train \+ 200 test images \(3\.5 MB\), verified/);
    const stored = await readStored(page, 'cifar10', 999); // the last image of data_batch_5
    expect(sameImage(stored?.image, 11, 999)).toBe(true);
    expect(stored?.label).toBe(fixtureLabel(11, 'train', 999, 10));
    await expect(page.getByTestId('storage-meter').innerText()).resolves.toMatch(/Storage: .* used, .* available/);

    // Reload: the set is listed from the cache; the new page's worker imported and read nothing.
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.reload();
    await page.getByTestId('dataset-panel').and(page.locator('[data-loaded="true"]')).waitFor();
    const after = await waitForStatus(page, 'cifar10', 'complete');
    expect(after['data-created-at']).toBe(imported['data-created-at']);
    expect(after['data-checksum']).toBe(imported['data-checksum']);
    const stats = await attributes(page.getByTestId('dataset-panel'));
    expect([stats['data-imports'], stats['data-parsed-files'], stats['data-fetches']]).toEqual(['0', '0', '0']);
    expect(requests.filter((u) => !u.startsWith(lab!.baseUrl))).toEqual([]);
    expect(requests.filter((u) => /\.(gz|parquet)$|\/proxy\//.test(u))).toEqual([]);

    // A corrupt file: its message names it; the cached set is untouched and still verifies.
    await page.getByLabel('Import CIFAR-10 archive').setInputFiles(broken);
    const error = page.getByTestId('dataset-errors').getByText(/broken-cifar-10\.tar\.gz: truncated gzip/);
    await error.waitFor({ timeout: 60_000 });
    console.log(`[datasets.e2e] corrupt import: ${await error.innerText()}`);
    const intact = await waitForStatus(page, 'cifar10', 'complete');
    expect(intact['data-checksum']).toBe(imported['data-checksum']);
    expect(intact['data-train-count']).toBe('1000');
    expect((await readStored(page, 'cifar10'))?.copies).toBe(1);

    // The CIFAR-100 tarball given to the CIFAR-10 row: refused, the CIFAR-100 row suggested, nothing stored lost.
    const storedBefore = await storedCopies(page, 'cifar10');
    await page
      .getByLabel('Import CIFAR-10 archive')
      .setInputFiles(files.write('cifar-100-binary.tar.gz', makeCifar100TarGz({ trainCount: 30, testCount: 10 })));
    const other = page.getByTestId('dataset-errors').getByText(/cifar-100-binary\.tar\.gz: this is the CIFAR-100 binary archive, not CIFAR-10/);
    await other.waitFor({ timeout: 60_000 });
    expect(await other.innerText()).toMatch(/Use it on the CIFAR-100 row instead\. Nothing of this file was imported; what was cached before is unchanged\./);
    await waitForStatus(page, 'cifar10', 'complete');
    expect(await storedCopies(page, 'cifar10')).toEqual(storedBefore);
    expect(storedBefore.complete?.intact).toBe(true);
    expect(await row(page, 'cifar100').getAttribute('data-status')).toBe('missing');
    await page.getByRole('button', { name: 'Verify CIFAR-10', exact: true }).click();
    await page
      .getByTestId('dataset-messages')
      .getByText(/CIFAR-10 verified: 6 chunks, every checksum matches/)
      .waitFor();

    await page.getByRole('button', { name: 'Delete CIFAR-10', exact: true }).click();
    await waitForStatus(page, 'cifar10', 'missing');
    await expect(row(page, 'cifar10').innerText()).resolves.toMatch(/Not cached/);
    expect(await readStored(page, 'cifar10')).toBeUndefined();
  });

  it('downloads Hugging Face parquet files (routed), resumes after a failed split, and decodes PNGs exactly', async () => {
    lab = await openLab();
    const { page, context } = lab;
    const train = makeCifarParquet({ count: 300, kind: 'cifar10', seed: 21, rowGroupSize: 100 });
    const test = makeCifarParquet({ count: 100, kind: 'cifar10', seed: 21, split: 'test' });
    const hits: Record<string, number> = {};
    const hit = (method: string, split: string): void => void (hits[`${method} ${split}`] = (hits[`${method} ${split}`] ?? 0) + 1);
    let testStatus = 503;
    // Registered after openLab's catch-all, so these win for the two Hugging Face URLs.
    await context.route(
      hf.train,
      (route) => (
        hit(route.request().method(), 'train'),
        route.fulfill({ body: Buffer.from(train), contentType: 'application/octet-stream', headers: { 'access-control-allow-origin': '*' } })
      ),
    );
    await context.route(
      hf.test,
      (route) => (
        hit(route.request().method(), 'test'),
        testStatus === 200
          ? route.fulfill({ body: Buffer.from(test), headers: { 'access-control-allow-origin': '*' } })
          : route.fulfill({ status: testStatus, body: 'busy', headers: { 'access-control-allow-origin': '*' } })
      ),
    );

    await openPanel(page, lab.baseUrl);
    await page.getByRole('button', { name: 'Download CIFAR-10', exact: true }).click();
    await page
      .getByTestId('dataset-errors')
      .getByText(/test-00000-of-00001\.parquet: huggingface\.co answered HTTP 503/)
      .waitFor({ timeout: 60_000 });
    await waitForStatus(page, 'cifar10', 'partial');
    await expect(row(page, 'cifar10').innerText()).resolves.toMatch(
      /Unfinished download from huggingface\.co: it stopped at \d+%\. The train split is stored \(300 images from huggingface\.co\); the next download keeps it while its URL and file are unchanged\./,
    );

    testStatus = 200;
    await page.getByRole('button', { name: 'Download CIFAR-10', exact: true }).click();
    const done = await waitForStatus(page, 'cifar10', 'complete');
    expect([done['data-train-count'], done['data-test-count']]).toEqual(['300', '100']);
    // The train file was not fetched again, only asked about (HEAD: is it still the same file?).
    expect(hits).toEqual({ 'GET train': 1, 'HEAD train': 1, 'GET test': 2 });
    const messages = await page.getByTestId('dataset-messages').innerText();
    expect(messages).toMatch(
      /Resumed: the previous download from huggingface\.co stopped at \d+% .*the train split \(300 images from huggingface\.co\) was already stored and is kept/,
    );
    expect(messages).toMatch(/CIFAR-10 cached \(resumed\): 300 train \+ 100 test images/);
    const decoder = /PNGs decoded with the ([^.]*)\./.exec(messages)?.[1];
    console.log(`[datasets.e2e] decoder: ${decoder}`);
    expect(decoder).toMatch(/^OffscreenCanvas, checked against the pure decoder/);
    // Image 250 was decoded by the browser (after the 16 it checked against the pure decoder).
    const stored = await readStored(page, 'cifar10', 250);
    expect(sameImage(stored?.image, 21, 250)).toBe(true);
    expect(stored?.label).toBe(fixtureLabel(21, 'train', 250, 10));
  });

  it('a cancelled download and a reload mid-download leave no complete set; the next attempt (via the proxy route) says it restarts; the synthetic set caches', async () => {
    lab = await openLab();
    const { page, context } = lab;
    const stalled: (() => void)[] = [];
    // The train file never arrives: the download waits until cancelled or the page goes.
    await context.route(
      hf.train,
      (route) =>
        new Promise<void>((resolve) =>
          stalled.push(
            () =>
              void route
                .abort()
                .catch(() => undefined)
                .then(resolve),
          ),
        ),
    );

    await openPanel(page, lab.baseUrl);
    await page.getByRole('button', { name: 'Download CIFAR-10', exact: true }).click();
    await page.getByTestId('import-progress').waitFor();
    await page.getByRole('button', { name: /^Cancel: Downloading CIFAR-10/ }).click();
    await page.getByTestId('dataset-messages').getByText('Cancelled. What was cached before is unchanged.').waitFor({ timeout: 30_000 });
    await waitForStatus(page, 'cifar10', 'partial');
    await expect(row(page, 'cifar10').innerText()).resolves.toMatch(/Unfinished download from huggingface\.co: it was cancelled at 0%\./);

    await page.getByRole('button', { name: 'Download CIFAR-10', exact: true }).click();
    await page
      .getByTestId('dataset-messages')
      .getByText(/^Restarted: the previous download from huggingface\.co was cancelled at 0%/)
      .waitFor();
    await page.getByTestId('import-progress').waitFor();
    await page.reload(); // the tab goes away mid-download
    for (const release of stalled.splice(0)) release();
    await openPanel(page, lab.baseUrl);
    await waitForStatus(page, 'cifar10', 'partial');
    await expect(row(page, 'cifar10').innerText()).resolves.toMatch(/Unfinished download from huggingface\.co: it was interrupted at 0%\./);
    expect(await readStored(page, 'cifar10')).toBeUndefined();

    // The next attempt, through the same-origin proxy route (served here by a route: the real
    // one would ask toronto.edu), restarts and says why.
    const proxied: string[] = [];
    const gz = makeCifar10TarGz({ trainPerBatch: 40, testCount: 30, seed: 8 });
    await context.route(
      '**/proxy/cifar/cifar-10-binary.tar.gz',
      (route) => (proxied.push(route.request().url()), route.fulfill({ body: Buffer.from(gz), contentType: 'application/gzip' })),
    );
    await page.getByLabel('CIFAR-10 download source', { exact: true }).selectOption('archive');
    await page.getByRole('button', { name: 'Download CIFAR-10', exact: true }).click();
    const done = await waitForStatus(page, 'cifar10', 'complete');
    expect([done['data-train-count'], done['data-test-count'], proxied.length]).toEqual(['200', '30', 1]);
    const messages = await page.getByTestId('dataset-messages').innerText();
    expect(messages).toMatch(/Restarted: the previous download from huggingface\.co was interrupted at 0% \(the tab was closed or the page reloaded\)\./);
    await expect(row(page, 'cifar10').innerText()).resolves.toMatch(/downloaded cifar-10-binary\.tar\.gz/);

    // The synthetic set is generated and cached through the same pipeline.
    await page.getByRole('button', { name: 'Generate and cache Synthetic shapes (built in)' }).click();
    const synthetic = await waitForStatus(page, 'synthetic', 'complete');
    expect([synthetic['data-train-count'], synthetic['data-test-count']]).toEqual(['4096', '1024']);
  });

  it('a CIFAR-100 tarball dropped onto the panel is recognised by its name and keeps its coarse labels', async () => {
    lab = await openLab();
    const { page } = lab;
    const gz = makeCifar100TarGz({ trainCount: 120, testCount: 40, seed: 5 });
    await openPanel(page, lab.baseUrl);
    const dataTransfer = await page.evaluateHandle((base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'cifar-100-binary.tar.gz', { type: 'application/gzip' }));
      return transfer;
    }, Buffer.from(gz).toString('base64'));
    await page.getByTestId('dataset-panel').dispatchEvent('drop', { dataTransfer });
    const done = await waitForStatus(page, 'cifar100', 'complete');
    expect([done['data-train-count'], done['data-test-count']]).toEqual(['120', '40']);
    const coarse = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const request = indexedDB.open('bottleneck-lab-data');
        request.onsuccess = () => resolve(request.result);
      });
      const manifests = await new Promise<{ id: string; status: string; copyId: string; coarseClassNames?: string[] }[]>((resolve) => {
        const request = db.transaction('manifests').objectStore('manifests').getAll();
        request.onsuccess = () => resolve(request.result);
      });
      const m = manifests.find((x) => x.id === 'cifar100' && x.status === 'complete');
      const chunk = await new Promise<{ count: number; data: Uint8Array }>((resolve) => {
        const request = db
          .transaction('chunks')
          .objectStore('chunks')
          .get([m?.copyId ?? '', 'train', 0, 0]);
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return { names: m?.coarseClassNames?.length, first: chunk.data[chunk.count * 3073] };
    });
    expect(coarse).toEqual({ names: 20, first: fixtureCoarseLabel(5, 'train', 0) });
  });
});
