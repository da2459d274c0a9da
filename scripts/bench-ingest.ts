// Ingest benchmark (not a test): a full-size generated CIFAR-10 tarball (50,000 + 10,000
// records, the real archive's layout and ~92% gzip ratio) imported through the dataset panel's
// file input in headless Chromium, into IndexedDB, verified. Prints wall time, images/s, the
// worker's phase timings, main-thread long tasks and memory: peak RSS (VmHWM) of the renderer
// process, which holds the page *and* the data worker, against its RSS before the import, plus
// the browser-side processes that receive the IndexedDB writes.
//
//   npx vite build && npx tsx scripts/bench-ingest.ts [--keep-profile]
//
// The tarball is generated once into .bench/ (gitignored; ~15 s) and reused.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { writeCifar10TarGzFile } from '../src/test/fixtures/cifar-tar';

const ROOT = join(import.meta.dirname, '..');
const BENCH_DIR = join(ROOT, '.bench');
const ARCHIVE = join(BENCH_DIR, 'cifar-10-binary.tar.gz');
const MB = 1024 * 1024;
const UNPACKED = 60000 * 3073; // 184,380,000 bytes of records

interface Proc {
  pid: number;
  ppid: number;
  cmd: string;
}

function processes(): Proc[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
        return [{ pid: Number(d), ppid, cmd }];
      } catch {
        return []; // exited meanwhile
      }
    });
}

/** Chromium's processes for this profile: the browser and everything below it. */
function chromiumTree(profileDir: string): Proc[] {
  const all = processes();
  const root = all.find((p) => p.cmd.includes(`--user-data-dir=${profileDir}`) && !p.cmd.includes('--type='));
  if (!root) return [];
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...all.filter((p) => p.ppid === tree[i].pid));
  return tree;
}

function memKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function role(p: Proc): string {
  const type = /--type=(\S+)/.exec(p.cmd)?.[1] ?? 'browser';
  const sub = /--utility-sub-type=(\S+)/.exec(p.cmd)?.[1];
  return sub ? `${type}:${sub.replace(/\.mojom\.\w+$/, '')}` : type;
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'datasets.html'))) throw new Error('No build: run `npx vite build` first.');
  mkdirSync(BENCH_DIR, { recursive: true });
  if (!existsSync(ARCHIVE)) {
    const t = performance.now();
    console.log('Generating a full-size CIFAR-10 tarball into .bench/ (once) …');
    await writeCifar10TarGzFile(ARCHIVE + '.part', { seed: 1, level: 6 });
    rmSync(ARCHIVE, { force: true });
    (await import('node:fs')).renameSync(ARCHIVE + '.part', ARCHIVE);
    console.log(`  written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const size = statSync(ARCHIVE).size;

  const server = await preview({ root: ROOT, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  const baseUrl = server.resolvedUrls?.local[0];
  if (!baseUrl) throw new Error('vite preview did not report a URL');
  const profileDir = mkdtempSync(join(tmpdir(), 'blab-bench-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      ...[
        '--headless=new',
        '--no-sandbox',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
      ],
      '--enable-blink-features=ForceEagerMeasureMemory', // pass 2 only: measurements without waiting for a GC
    ],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const workerLines: string[] = [];
    page.on('console', (m) => m.text().startsWith('[data]') && workerLines.push(m.text()));
    await page.goto(new URL('datasets.html', baseUrl).href);
    await page.locator('[data-testid="dataset-panel"][data-loaded="true"]').waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
    });

    const tree = chromiumTree(profileDir);
    const renderers = tree.filter((p) => role(p) === 'renderer');
    const before = new Map(tree.map((p) => [p.pid, memKb(p.pid, 'VmRSS')]));
    const cdp = await context.newCDPSession(page);
    const start = performance.now();
    await cdp.send('Performance.enable');
    let heapPeak = 0;
    // Renderer RSS over time with the panel's progress line: shows which phase holds the peak.
    const timeline: { t: number; rssMb: number; phase: string }[] = [];
    const progressText = page.getByTestId('import-progress-text');
    const sampler = setInterval(() => {
      const rss = Math.max(...renderers.map((r) => memKb(r.pid, 'VmRSS'))) / 1024;
      void progressText
        .innerText({ timeout: 50 })
        .catch(() => '')
        .then((text) => timeline.push({ t: performance.now() - start, rssMb: rss, phase: text.split(':')[0] }));
      void cdp
        .send('Performance.getMetrics')
        .then(({ metrics }) => {
          heapPeak = Math.max(heapPeak, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
        })
        .catch(() => undefined);
    }, 100);

    console.log(`Importing ${(size / MB).toFixed(1)} MB (${(UNPACKED / MB).toFixed(1)} MB of records) through the file input …`);
    await page.getByLabel('Import CIFAR-10 archive').setInputFiles(ARCHIVE);
    const row = page.locator('[data-testid="dataset-cifar10"]');
    await row
      .and(page.locator('[data-status="complete"]'))
      .waitFor({ timeout: 600_000 })
      .catch(async (e: unknown) => {
        throw new Error(`${String(e)}\n${await page.getByTestId('dataset-errors').innerText()}`);
      });
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);

    const counts = [await row.getAttribute('data-train-count'), await row.getAttribute('data-test-count')];
    const message = await page.getByTestId('dataset-messages').innerText();
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    const images = Number(counts[0]) + Number(counts[1]);
    const rows = chromiumTree(profileDir).map((p) => ({ p, hwm: memKb(p.pid, 'VmHWM'), base: before.get(p.pid) ?? 0 }));
    const renderer = rows.filter((r) => renderers.some((x) => x.pid === r.p.pid)).sort((a, b) => b.hwm - a.hwm)[0];

    console.log('');
    console.log(`Imported ${counts[0]} train + ${counts[1]} test images in ${seconds.toFixed(2)} s wall (file chosen → verified and listed)`);
    console.log(
      `  ${Math.round(images / seconds).toLocaleString('en-US')} images/s, ${(size / MB / seconds).toFixed(1)} MB/s of gzip, ${(UNPACKED / MB / seconds).toFixed(1)} MB/s of records`,
    );
    console.log(`  panel: ${message.split('\n').find((l) => l.includes('cached')) ?? message}`);
    for (const line of workerLines) console.log(`  worker: ${line}`);
    console.log(`  main-thread long tasks during the import: ${longTasks.length} (longest ${Math.round(Math.max(0, ...longTasks))} ms)`);
    console.log(`  page main-thread JS heap peak (CDP JSHeapUsedSize): ${(heapPeak / MB).toFixed(1)} MB`);
    if (renderer) {
      console.log(
        `  renderer process (page + data worker): RSS ${(renderer.base / 1024).toFixed(0)} MB before, peak ${(renderer.hwm / 1024).toFixed(0)} MB ` +
          `(+${((renderer.hwm - renderer.base) / 1024).toFixed(0)} MB; the unpacked records are ${(UNPACKED / MB).toFixed(0)} MB)`,
      );
    }
    if (process.argv.includes('--timeline')) {
      for (const p of timeline.filter((_, i) => i % 5 === 0))
        console.log(`    ${(p.t / 1000).toFixed(1).padStart(5)} s  ${p.rssMb.toFixed(0).padStart(4)} MB  ${p.phase}`);
    }
    const top = timeline.reduce((a, b) => (b.rssMb > a.rssMb ? b : a), { t: 0, rssMb: 0, phase: '' });
    console.log(`  sampled renderer RSS peak ${top.rssMb.toFixed(0)} MB at ${(top.t / 1000).toFixed(1)} s (${top.phase || 'between phases'})`);
    for (const r of rows.filter((x) => x !== renderer && x.hwm > 0)) {
      console.log(`  ${role(r.p).padEnd(28)} peak RSS ${(r.hwm / 1024).toFixed(0)} MB (before ${(r.base / 1024).toFixed(0)} MB)`);
    }

    // Pass 2: live memory, i.e. what is reachable, unlike RSS, which also holds garbage the GC
    // has not collected yet. measureUserAgentSpecificMemory covers the page and its workers
    // (it needs the cross-origin isolation the preview server gives); with the launch flag
    // ForceEagerMeasureMemory each call collects first, which slows this pass down.
    await page.getByRole('button', { name: 'Delete CIFAR-10', exact: true }).click();
    await row.and(page.locator('[data-status="missing"]')).waitFor();
    await page.getByLabel('Import CIFAR-10 archive').setInputFiles(ARCHIVE);
    const live = { peak: 0, worker: 0, samples: 0 };
    const liveStart = performance.now();
    while ((await row.and(page.locator('[data-status="complete"]')).count()) === 0) {
      const m = await page.evaluate(async () => {
        type Breakdown = { bytes: number; attribution: { scope: string }[] };
        const perf = performance as unknown as { measureUserAgentSpecificMemory(): Promise<{ bytes: number; breakdown: Breakdown[] }> };
        const r = await perf.measureUserAgentSpecificMemory();
        const worker = r.breakdown.filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope')).reduce((n, b) => n + b.bytes, 0);
        return { total: r.bytes, worker };
      });
      live.peak = Math.max(live.peak, m.total);
      live.worker = Math.max(live.worker, m.worker);
      live.samples++;
      if (performance.now() - liveStart > 300_000) throw new Error('the second import did not finish');
    }
    console.log(
      `  live memory peak (page + workers, ${live.samples} samples during a second import): ${(live.peak / MB).toFixed(1)} MB, ` +
        `data worker ${(live.worker / MB).toFixed(1)} MB`,
    );
  } finally {
    await context.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    if (!process.argv.includes('--keep-profile')) rmSync(profileDir, { recursive: true, force: true });
  }
}

await main();
