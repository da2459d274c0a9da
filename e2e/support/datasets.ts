// The dataset panel for browser tests (datasets.html): fixture files on disk, the panel's rows,
// and raw reads of 'bottleneck-lab-data' that use no app code (so a test checks what is really
// stored: bytes, and SHA-256 digests recomputed in the page).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

export function fixtureDir(): { dir: string; write(name: string, bytes: Uint8Array): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'blab-datasets-'));
  return {
    dir,
    write(name, bytes) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function openPanel(page: Page, baseUrl: string): Promise<Locator> {
  await page.goto(new URL('datasets.html', baseUrl).href);
  const panel = page.getByTestId('dataset-panel');
  await panel.and(page.locator('[data-loaded="true"]')).waitFor({ timeout: 30_000 });
  return panel;
}

export function row(page: Page, id: string): Locator {
  return page.getByTestId(`dataset-${id}`);
}

/** Waits until the row's data-status is `status` (or an error shows), returns the row's attributes. */
export async function waitForStatus(
  page: Page,
  id: string,
  status: 'complete' | 'partial' | 'missing',
  timeout = 60_000,
): Promise<Record<string, string | null>> {
  await row(page, id)
    .and(page.locator(`[data-status="${status}"]`))
    .waitFor({ timeout })
    .catch(async (e: unknown) => {
      const errors = await page
        .getByTestId('dataset-errors')
        .innerText()
        .catch(() => '');
      throw new Error(`${id} did not become ${status}: ${String(e)}\nerrors: ${errors}`);
    });
  return attributes(row(page, id));
}

export async function attributes(locator: Locator): Promise<Record<string, string | null>> {
  return locator.evaluate((el) => Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])));
}

export interface StoredSample {
  copyId: string;
  status: string;
  image: number[]; // train image `index`'s 3072 bytes as stored
  label: number;
  copies: number;
}

/** Reads train image `index` of `id`'s complete copy straight from IndexedDB (no app code). */
export function readStored(page: Page, id: string, index = 0): Promise<StoredSample | undefined> {
  return page.evaluate(
    async ([datasetId, at]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('bottleneck-lab-data');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const get = <T>(store: string, query?: IDBValidKey | IDBKeyRange): Promise<T> =>
        new Promise((resolve, reject) => {
          const request = db
            .transaction(store)
            .objectStore(store)
            [query === undefined ? 'getAll' : 'get'](query as IDBValidKey);
          request.onsuccess = () => resolve(request.result as T);
          request.onerror = () => reject(request.error);
        });
      type Chunks = { slot: number; part: number; count: number }[];
      const manifests = await get<{ copyId: string; id: string; status: string; splits: { train: { chunks: Chunks } } }[]>('manifests');
      const mine = manifests.filter((m) => m.id === datasetId);
      const complete = mine.find((m) => m.status === 'complete');
      if (!complete) {
        db.close();
        return undefined;
      }
      let k = at;
      const info = complete.splits.train.chunks.find((c) => (k < c.count ? true : ((k -= c.count), false)));
      if (!info) throw new Error(`no train image ${at}`);
      const chunk = await get<{ count: number; data: Uint8Array }>('chunks', [complete.copyId, 'train', info.slot, info.part]);
      db.close();
      return {
        copyId: complete.copyId,
        status: complete.status,
        image: Array.from(chunk.data.subarray(k * 3072, (k + 1) * 3072)),
        label: chunk.data[chunk.count * 3072 + k],
        copies: mine.length,
      };
    },
    [id, index] as const,
  );
}

/** One stored copy as the page's IndexedDB holds it, every chunk re-hashed from its bytes. */
export interface StoredCopy {
  copyId: string;
  status: string;
  checksum?: string; // the manifest's overall checksum (complete copies)
  splits: Record<'train' | 'test', { complete: boolean; count: number; digests: string[]; origin?: { url: string; etag?: string; bytes?: number } }>;
  /** Every chunk the manifest lists is there and hashes to the digest it was stored with. */
  intact: boolean;
}

/** The complete and the partial copy of `id`, re-hashed in the page with crypto.subtle (no app code). */
export function storedCopies(page: Page, id: string): Promise<{ complete?: StoredCopy; partial?: StoredCopy }> {
  return page.evaluate(async (datasetId) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('bottleneck-lab-data');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const get = <T>(store: string, query?: IDBValidKey): Promise<T> =>
      new Promise((resolve, reject) => {
        const s = db.transaction(store).objectStore(store);
        const request = query === undefined ? s.getAll() : s.get(query);
        request.onsuccess = () => resolve(request.result as T);
        request.onerror = () => reject(request.error);
      });
    type Split = { complete: boolean; count: number; chunks: { slot: number; part: number; sha256: string }[]; origin?: { url: string } };
    type Manifest = { copyId: string; id: string; status: string; checksum?: string; splits: Record<'train' | 'test', Split> };
    const manifests = (await get<Manifest[]>('manifests')).filter((m) => m.id === datasetId);
    const out: { complete?: StoredCopy; partial?: StoredCopy } = {};
    for (const m of manifests) {
      let intact = true;
      const splits = {} as StoredCopy['splits'];
      for (const split of ['train', 'test'] as const) {
        const digests: string[] = [];
        for (const c of m.splits[split].chunks) {
          const chunk = await get<{ data: Uint8Array<ArrayBuffer> } | undefined>('chunks', [m.copyId, split, c.slot, c.part]);
          const digest = chunk
            ? [...new Uint8Array(await crypto.subtle.digest('SHA-256', chunk.data))].map((b) => b.toString(16).padStart(2, '0')).join('')
            : 'missing';
          intact &&= digest === c.sha256;
          digests.push(digest);
        }
        splits[split] = { complete: m.splits[split].complete, count: m.splits[split].count, digests, origin: m.splits[split].origin };
      }
      if (m.status === 'complete' || m.status === 'partial') out[m.status] = { copyId: m.copyId, status: m.status, checksum: m.checksum, splits, intact };
    }
    db.close();
    return out;
  }, id);
}
