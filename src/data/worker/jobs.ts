// The data worker's long jobs: each import runs with its own AbortController (cancel), a
// progress tracker that posts throttled events, and ends in exactly one 'imported' or
// 'failed' event followed by the cache's new state.
import type { DataDb } from '../cache';
import { CATALOG, fileNameOf, type DatasetId } from '../catalog';
import { openDownload } from '../download/fetch-whole';
import { describeFailure } from '../import/failure';
import { importArchive } from '../import/import-archive';
import { describeFetched, importParquet } from '../import/import-parquet';
import { importSynthetic } from '../import/import-synthetic';
import { ProgressTracker } from '../import/progress';
import type { ImportContext, ImportOutcome } from '../import/run-import';
import { createPngDecoder } from './png-canvas';
import type { DataCommand, DataEvent, DataWorkerStats } from './protocol';

type Post = (event: DataEvent) => void;
type Command<T extends DataCommand['type']> = Extract<DataCommand, { type: T }>;

const MB = 1024 * 1024;

export class JobRunner {
  readonly stats: DataWorkerStats = { imports: 0, parsedFiles: 0, fetches: 0, chunksWritten: 0 };
  private readonly jobs = new Map<number, { id: DatasetId; controller: AbortController }>();

  constructor(
    private readonly db: () => Promise<DataDb>,
    private readonly post: Post,
    private readonly afterChange: () => Promise<void>,
  ) {}

  isBusy(id: DatasetId): boolean {
    return [...this.jobs.values()].some((job) => job.id === id);
  }

  cancel(jobId: number): void {
    this.jobs.get(jobId)?.controller.abort(new DOMException('Cancelled by the user', 'AbortError'));
  }

  importFile(command: Command<'importFile'>): Promise<void> {
    const { file, kind } = command;
    return this.run(command.jobId, kind, async (db, ctx) => {
      this.stats.parsedFiles++;
      const source = { kind: 'archive' as const, fileName: file.name, bytes: file.size, lastModified: file.lastModified };
      return importArchive(db, { kind, stream: file.stream(), fileName: file.name, size: file.size, source }, ctx);
    });
  }

  download(command: Command<'download'>): Promise<void> {
    const { kind, sources } = command;
    return this.run(command.jobId, kind, async (db, ctx) => {
      if (command.via === 'archive') {
        const url = sources.archive;
        this.stats.fetches++;
        ctx.progress.begin('download', { unit: 'bytes', file: fileNameOf(url), base: 0, span: 0 });
        const { response, total, fileName } = await openDownload(url, { signal: ctx.signal });
        this.stats.parsedFiles++;
        const source = { kind: 'archive' as const, fileName, bytes: total ?? 0, url };
        const stream = response.body as ReadableStream<Uint8Array>;
        // If the import stops before reading (the dataset is busy), the connection is closed too.
        return importArchive(db, { kind, stream, fileName, size: total, source }, ctx).finally(() => void stream.cancel().catch(() => undefined));
      }
      const decoder = createPngDecoder();
      const counting: typeof fetch = (input, init) => {
        // A HEAD (is a stored split's file unchanged?) downloads and parses nothing.
        if ((init?.method ?? 'GET') === 'GET') {
          this.stats.fetches++;
          this.stats.parsedFiles++;
        }
        return fetch(input, init);
      };
      const outcome = await importParquet(db, { kind, urls: sources.parquet, decode: decoder.decode, fetchImpl: counting }, ctx);
      const { note } = decoder.describe();
      return { ...outcome, extra: `${describeFetched(outcome)} PNGs decoded with the ${note}.` };
    });
  }

  generateSynthetic(command: Command<'generateSynthetic'>): Promise<void> {
    return this.run(command.jobId, 'synthetic', (db, ctx) => importSynthetic(db, { trainSize: command.trainSize, testSize: command.testSize }, ctx));
  }

  private async run(jobId: number, id: DatasetId, body: (db: DataDb, ctx: ImportContext) => Promise<ImportOutcome & { extra?: string }>): Promise<void> {
    const controller = new AbortController();
    this.jobs.set(jobId, { id, controller });
    this.stats.imports++;
    const ctx: ImportContext = {
      signal: controller.signal,
      progress: new ProgressTracker((progress) => this.post({ type: 'progress', jobId, id, progress })),
      notice: (message) => this.post({ type: 'notice', jobId, id, message }),
    };
    try {
      const outcome = await body(await this.db(), ctx);
      const { manifest } = outcome;
      this.stats.chunksWritten += manifest.splits.train.chunks.length + manifest.splits.test.chunks.length;
      const counts = `${manifest.splits.train.count.toLocaleString('en-US')} train + ${manifest.splits.test.count.toLocaleString('en-US')} test images`;
      const how = outcome.mode === 'resumed' ? ' (resumed)' : '';
      const message =
        `${CATALOG[id].name} cached${how}: ${counts} (${(manifest.bytes / MB).toFixed(1)} MB), ` +
        `verified, in ${(outcome.millis / 1000).toFixed(1)} s.${outcome.extra ? ` ${outcome.extra}` : ''}`;
      this.post({ type: 'imported', jobId, id, manifest, mode: outcome.mode, millis: outcome.millis, timings: outcome.timings, message });
      // One line for diagnostics and scripts/bench-ingest.ts: where the time went.
      const phases = Object.entries(outcome.timings).map(([k, v]) => `${k} ${Math.round(v)} ms`);
      console.info(`[data] imported ${id} (${outcome.mode}) in ${Math.round(outcome.millis)} ms: ${phases.join(', ')}`);
    } catch (e) {
      const failure = describeFailure(e);
      if (failure.kind === 'internal' || failure.kind === 'storage') console.error('[data] import failed:', e);
      this.post({ type: 'failed', jobId, id, failure });
    } finally {
      this.jobs.delete(jobId);
      await this.afterChange();
    }
  }
}
