// The path in headless Chromium (datasets.html, fresh profile): CIFAR-10 from a mirror
// (page-routed), the test URL failing three ways after the train split was stored (404, an
// HTML login page with status 200, a CIFAR-100 file), then fixed: the download resumes and
// fetches only the test file, counted on the routed requests. Before and after every failure
// the stored copies are re-hashed in the page (SHA-256 of every chunk): nothing stored is lost.
// Messages and the row name the mirror's host, never "Hugging Face", and nest no punctuation.
import type { Page, Route } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCifar10TarGz } from '../src/test/fixtures/cifar-tar';
import { makeCifarParquet } from '../src/test/fixtures/cifar-parquet';
import { openLab, type LabBrowser } from './support/browser';
import { fixtureDir, openPanel, row, storedCopies, waitForStatus } from './support/datasets';

let lab: LabBrowser | undefined;
let files: ReturnType<typeof fixtureDir> | undefined;
afterEach(async () => {
  if (lab) await lab.close();
  files?.remove();
  lab = undefined;
  files = undefined;
});

const MIRROR = 'https://mirror.example/cifar10';
const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'ETag' };

/** Every text the progress line showed, recorded in the page as it changes (no polling race). */
async function recordProgressTexts(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressTexts: string[] }).progressTexts = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="import-progress-text"]')?.textContent ?? '';
      if (text && text !== seen[seen.length - 1]) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { progressTexts: string[] }).progressTexts.slice());
}

describe('a mirror download around a stored split', () => {
  it('fails three ways on the test file, keeps the stored train split each time, then fetches only the test file', async () => {
    lab = await openLab();
    files = fixtureDir();
    const { page, context } = lab;
    const train = Buffer.from(makeCifarParquet({ count: 300, kind: 'cifar10', seed: 31, rowGroupSize: 100 }));
    const served: Record<string, { body: Buffer | string; status?: number; contentType?: string; etag?: string }> = {
      'train.parquet': { body: train, etag: '"train-v1"' },
      'missing.parquet': { body: 'Not Found', status: 404, contentType: 'text/plain' },
      'login.parquet': { body: '<!DOCTYPE html><html><body><form>Sign in</form></body></html>', contentType: 'text/html; charset=utf-8' },
      'cifar100-test.parquet': { body: Buffer.from(makeCifarParquet({ count: 50, kind: 'cifar100', seed: 31, split: 'test' })) },
      'test.parquet': { body: Buffer.from(makeCifarParquet({ count: 100, kind: 'cifar10', seed: 31, split: 'test' })) },
    };
    const hits: Record<string, number> = {};
    let releaseTrain: () => void = () => undefined;
    const trainHeld = new Promise<void>((resolve) => (releaseTrain = resolve));
    // Registered after openLab's catch-all, so this wins for the mirror's URLs.
    await context.route(`${MIRROR}/*`, async (route: Route) => {
      const request = route.request();
      const name = request.url().slice(MIRROR.length + 1);
      const key = `${request.method()} ${name}`;
      hits[key] = (hits[key] ?? 0) + 1;
      const file = served[name];
      if (!file) return route.fulfill({ status: 404, headers: CORS, body: '' });
      if (key === 'GET train.parquet') await trainHeld; // until the test has read the job's title
      const headers = { ...CORS, ...(file.etag ? { etag: file.etag } : {}) };
      const body = request.method() === 'HEAD' ? '' : file.body;
      await route.fulfill({ status: file.status ?? 200, headers, contentType: file.contentType ?? 'application/octet-stream', body });
    });

    // Cached before: a CIFAR-10 copy from a tarball.
    await openPanel(page, lab.baseUrl);
    await page
      .getByLabel('Import CIFAR-10 archive')
      .setInputFiles(files.write('cifar-10-binary.tar.gz', makeCifar10TarGz({ trainPerBatch: 40, testCount: 30, seed: 3 })));
    await waitForStatus(page, 'cifar10', 'complete');
    const cachedBefore = (await storedCopies(page, 'cifar10')).complete;
    expect(cachedBefore?.intact).toBe(true);
    const progressTexts = await recordProgressTexts(page);

    // The mirror, set as a user would; the source choice names it.
    const setUrl = (split: 'train' | 'test', url: string) => page.getByLabel(`CIFAR-10 ${split} parquet URL`, { exact: true }).fill(url);
    await page.getByText('Download sources (mirrors)').click();
    await setUrl('train', `${MIRROR}/train.parquet`);
    await setUrl('test', `${MIRROR}/missing.parquet`);
    await expect(page.getByLabel('CIFAR-10 download source', { exact: true }).locator('option[value="parquet"]').innerText()).resolves.toBe(
      'Parquet files from mirror.example',
    );

    const download = () => page.getByRole('button', { name: 'Download CIFAR-10', exact: true }).click();
    const expectError = async (pattern: RegExp): Promise<string> => {
      const error = page.getByTestId('dataset-errors').getByText(pattern);
      await error.waitFor({ timeout: 60_000 });
      // The row shows the copy cached before (data-status stays 'complete') and the unfinished download.
      await row(page, 'cifar10')
        .getByText(/Unfinished download from mirror\.example/)
        .waitFor();
      return error.innerText();
    };

    // 1. The test file is not there (404): the train split is stored.
    await download();
    await expect(page.getByTestId('import-progress').locator('strong').innerText()).resolves.toBe('Downloading CIFAR-10 from mirror.example');
    releaseTrain();
    const notFound = await expectError(/missing\.parquet: mirror\.example answered HTTP 404/);
    console.log(`[datasets-resume.e2e] 404: ${notFound}`);
    await expect(row(page, 'cifar10').innerText()).resolves.toMatch(
      /Cached: 200 train · 30 test images .* imported from cifar-10-binary\.tar\.gz .*Unfinished download from mirror\.example: it stopped at \d+%\. The train split is stored \(300 images from mirror\.example\); the next download keeps it while its URL and file are unchanged\./,
    );
    const afterNotFound = await storedCopies(page, 'cifar10');
    expect(afterNotFound.complete).toEqual(cachedBefore);
    expect(afterNotFound.partial).toMatchObject({ intact: true, splits: { train: { complete: true, count: 300 }, test: { complete: false, digests: [] } } });
    // What the split came from, as the server described it (the ETag readable through CORS).
    expect(afterNotFound.partial?.splits.train.origin).toEqual({ url: `${MIRROR}/train.parquet`, etag: '"train-v1"', bytes: train.length });
    const storedTrain = afterNotFound.partial?.splits.train.digests;

    // 2. An HTML login page with status 200, then 3. a CIFAR-100 file: each refused, nothing stored lost.
    await setUrl('test', `${MIRROR}/login.parquet`);
    await download();
    const htmlError = await expectError(/login\.parquet: mirror\.example sent an HTML page instead of the file: a login or error page, or the URL is wrong/);
    expect(await storedCopies(page, 'cifar10')).toEqual(afterNotFound);
    await setUrl('test', `${MIRROR}/cifar100-test.parquet`);
    await download();
    const otherError = await expectError(
      /cifar100-test\.parquet: this is a CIFAR-100 parquet file with fine_label and coarse_label columns, not CIFAR-10\. Use it on the CIFAR-100 row instead\./,
    );
    expect(await storedCopies(page, 'cifar10')).toEqual(afterNotFound);

    // 4. The test URL fixed: resumed, only the test file fetched.
    await setUrl('test', `${MIRROR}/test.parquet`);
    await download();
    await page
      .getByTestId('dataset-messages')
      .getByText(/CIFAR-10 cached \(resumed\)/)
      .waitFor({ timeout: 60_000 });
    await row(page, 'cifar10').and(page.locator('[data-train-count="300"][data-test-count="100"]')).waitFor();
    expect(hits).toEqual({
      'GET train.parquet': 1, // once, in the first attempt …
      'HEAD train.parquet': 3, // … then only asked whether it is still the same file, once per attempt
      'GET missing.parquet': 1,
      'GET login.parquet': 1,
      'GET cifar100-test.parquet': 1,
      'GET test.parquet': 1,
    });
    // The worker's own count agrees: five downloads in four attempts (the HEADs download nothing).
    await page.getByTestId('dataset-panel').and(page.locator('[data-fetches="5"]')).waitFor();
    const messages = await page.getByTestId('dataset-messages').innerText();
    expect(messages).toMatch(
      /Resumed: the previous download from mirror\.example stopped at \d+% \(cifar100-test\.parquet: this is a CIFAR-100 parquet file with fine_label and coarse_label columns, not CIFAR-10\); the train split \(300 images from mirror\.example\) was already stored and is kept\. The test split is fetched from mirror\.example\./,
    );
    expect(messages).toMatch(
      /CIFAR-10 cached \(resumed\): 300 train \+ 100 test images .* Fetched test\.parquet \(\d+ KB\) from mirror\.example; the train split was kept from the previous attempt\./,
    );
    const after = await storedCopies(page, 'cifar10');
    expect(after.partial).toBeUndefined();
    expect(after.complete?.intact).toBe(true);
    expect(after.complete?.splits.train.digests).toEqual(storedTrain); // the very bytes stored by the first attempt
    await expect(row(page, 'cifar10').innerText()).resolves.toMatch(/Cached: 300 train · 100 test images .* downloaded from mirror\.example ·/);

    // Every message and the row: the mirror's host, never "Hugging Face", no nested punctuation.
    const texts = [notFound, htmlError, otherError, messages, await row(page, 'cifar10').innerText()];
    console.log(`[datasets-resume.e2e] messages:\n${messages}`);
    for (const text of texts) {
      expect(text).not.toMatch(/Hugging Face/);
      expect(text).not.toMatch(/\([^()]*\(/);
      expect(text).not.toMatch(/[.;:,]\)/);
    }
    // Decoding showed the footer's row count from its first frame on.
    const decoding = (await progressTexts()).filter((t) => /Decoding/.test(t));
    console.log(`[datasets-resume.e2e] decoding frames: ${decoding.join(' | ')}`);
    expect(decoding.length).toBeGreaterThan(0);
    expect(decoding.filter((t) => !/Decoding \S+: [\d,]+ of (300|50|100) images/.test(t))).toEqual([]);
  });
});
