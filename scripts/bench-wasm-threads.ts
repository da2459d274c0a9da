// Threaded wasm in the browser (not a test): the engine's own training step on wasm in headless
// Chromium, with every core (the page cross-origin isolated, as served) against one thread (the
// same build with the isolation headers stripped, so no SharedArrayBuffer: tfjs-backend-wasm
// loads its single-threaded SIMD binary). Prints ms/step per mode and the speed-up.
//
//   npx vite build && npx tsx scripts/bench-wasm-threads.ts [--channels 16,32,64] [--batch 32] [--steps 12]
import { chromium, type BrowserContext } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src/core/config';
import type { EngineEvent } from '../src/engine/protocol';
import { openDiagnostics, send, waitForEvent } from '../e2e/support/engine';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/browser';
import { startPreview } from './lib/preview-server';

function parseArgs(argv: string[]) {
  const args = { channels: [16, 32, 64], batch: 32, steps: 12 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--channels') args.channels = value.split(',').map(Number);
    else if (flag === '--batch') args.batch = Number(value);
    else if (flag === '--steps') args.steps = Number(value);
    else throw new Error(`unknown flag ${flag} (--channels, --batch, --steps)`);
  }
  return args;
}

/** Serves every response without COOP/COEP: the page is not isolated, so wasm runs one thread. */
async function stripIsolation(context: BrowserContext, baseUrl: string): Promise<void> {
  await context.route(
    (url) => url.href.startsWith(baseUrl),
    async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    },
  );
}

interface Figures {
  threads: number;
  isolated: boolean;
  stepMs: number;
}

async function measure(baseUrl: string, isolated: boolean, args: ReturnType<typeof parseArgs>): Promise<Figures> {
  const profile = mkdtempSync(join(tmpdir(), 'blab-bench-threads-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    if (!isolated) await stripIsolation(context, baseUrl);
    const page = context.pages()[0] ?? (await context.newPage());
    await openDiagnostics(page, baseUrl);
    const config = defaultConfig();
    config.encoder.convChannels = args.channels;
    config.data.syntheticTrainSize = args.batch * (args.steps + 4);
    config.data.syntheticTestSize = 32;
    config.train = { ...config.train, batchSize: args.batch, epochs: 1, logEvery: 2, checkpointEvery: 0, evalEveryEpochs: 0 };
    await send(page, { type: 'start', runId: 'bench', name: 'bench', config, backend: 'wasm' });
    await waitForEvent(page, `e.type === 'metrics' && e.points.some((p) => p.step >= ${args.steps + 2})`, 30 * 60_000);
    const events = (await page.evaluate(() => window.lab.events)) as EngineEvent[];
    const report = events.find((e) => e.type === 'backend');
    // Per-interval step times after the first interval (kernel set-up, weight packing).
    const times = events.flatMap((e) => (e.type === 'metrics' ? e.points : [])).filter((p) => p.step > 2);
    const sorted = times.map((p) => p.stepMillis).sort((a, b) => a - b);
    await send(page, { type: 'stop', runId: 'bench' });
    return {
      threads: report?.type === 'backend' ? (report.report.threads ?? 1) : 1,
      isolated: await page.evaluate(() => crossOriginIsolated),
      stepMs: sorted[Math.floor(sorted.length / 2)],
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const server = await startPreview();
  const { baseUrl } = server;
  try {
    const single = await measure(baseUrl, false, args);
    const threaded = await measure(baseUrl, true, args);
    const label = `ConvNet [${args.channels.join(',')}] b${args.batch}`;
    for (const f of [single, threaded]) {
      console.log(`${label}, wasm, ${f.threads} thread(s) (cross-origin isolated: ${f.isolated}): ${f.stepMs.toFixed(0)} ms/step`);
    }
    console.log(`speed-up with ${threaded.threads} threads: ${(single.stepMs / threaded.stepMs).toFixed(2)}x`);
    console.log(JSON.stringify({ bench: 'wasm-threads', config: label, single, threaded, speedup: single.stepMs / threaded.stepMs }));
  } finally {
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
