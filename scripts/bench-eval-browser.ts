// Evaluation cost in the browser (not a test): the engine's own evaluation (feature extraction
// of both splits, linear probe and kNN for Z1 and Z2, PCA + UMAP embedding) of an untrained
// ConvNet on the synthetic set, timed per backend in headless Chromium. On this machine WebGPU
// and WebGL are SwiftShader (CPU emulations): their figures show the emulation, not a GPU.
//
//   npx vite build && npx tsx scripts/bench-eval-browser.ts [--backends wasm,webgl,webgpu]
//     [--train 10000] [--test 10000] [--channels 32,64,128] [--timeout-min 20]
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src/core/config';
import { describeAdapter, type BackendPreference } from '../src/engine/backends/types';
import type { EngineEvent } from '../src/engine/protocol';
import { lastProgress, openDiagnostics, send, waitForEvent } from '../e2e/support/engine';
import { startPreview } from './lib/preview-server';

const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

function parseArgs(argv: string[]) {
  const args = { backends: ['wasm', 'webgl', 'webgpu'] as BackendPreference[], train: 10_000, test: 10_000, channels: [32, 64, 128], timeoutMin: 20 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--backends') args.backends = value.split(',') as BackendPreference[];
    else if (flag === '--train') args.train = Number(value);
    else if (flag === '--test') args.test = Number(value);
    else if (flag === '--channels') args.channels = value.split(',').map(Number);
    else if (flag === '--timeout-min') args.timeoutMin = Number(value);
    else throw new Error(`unknown flag ${flag}`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const server = await startPreview();
  const { baseUrl } = server;
  try {
    for (const backend of args.backends) {
      const profile = mkdtempSync(join(tmpdir(), 'blab-bench-eval-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: ARGS,
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await openDiagnostics(page, baseUrl);
        const config = defaultConfig();
        config.data.syntheticTrainSize = args.train;
        config.data.syntheticTestSize = args.test;
        config.encoder.convChannels = args.channels;
        config.train = { ...config.train, batchSize: 32, epochs: 1, logEvery: 1, checkpointEvery: 0, evalEveryEpochs: 0 };
        config.eval = { ...config.eval, trainSubset: args.train, testSubset: 0 };
        const started = Date.now();
        await send(page, { type: 'start', runId: 'bench', name: 'bench', config, backend });
        await waitForEvent(page, `e.type === 'metrics' && e.runId === 'bench'`, args.timeoutMin * 60_000);
        await send(page, { type: 'pause', runId: 'bench' });
        await waitForEvent(page, `e.type === 'progress' && e.runId === 'bench' && e.status === 'paused'`, args.timeoutMin * 60_000);
        const loaded = (Date.now() - started) / 1000;
        const step = (await lastProgress(page, 'bench'))?.step ?? 0;
        const t0 = Date.now();
        await send(page, { type: 'evaluate', runId: 'bench' });
        await waitForEvent(page, `(e.type === 'evaluation' && e.runId === 'bench') || e.type === 'error'`, args.timeoutMin * 60_000);
        const wall = (Date.now() - t0) / 1000;
        const found = await page.evaluate(() => window.lab.events.find((e) => e.type === 'evaluation' || e.type === 'error'));
        const event = found as EngineEvent | undefined;
        const report = await page.evaluate(() => window.lab.events.find((e) => e.type === 'backend'));
        const words = report?.type === 'backend' ? describeAdapter(report.report) : undefined;
        const adapter = report?.type === 'backend' ? `${report.report.name}${words ? ` (${words})` : ''}` : backend;
        if (event?.type !== 'evaluation') {
          console.log(`${backend}: evaluation failed: ${event?.type === 'error' ? event.message : 'no result'}`);
          continue;
        }
        const r = event.result;
        console.log(
          `\n${adapter}: ConvNet [${args.channels.join(', ')}], ${r.protocol.trainImages} train / ${r.protocol.testImages} test images (data + first step + pause ${loaded.toFixed(0)} s, at step ${step})`,
        );
        console.log(
          `  evaluation ${(r.millis / 1000).toFixed(1)} s in the worker (${wall.toFixed(1)} s to the page): extraction, probe and kNN for Z1 and Z2, embeddings of ${r.protocol.embeddingSample}`,
        );
        console.log(
          `  untrained: Z1 probe ${r.z1.linearTop1.toFixed(3)}, kNN ${r.z1.knnTop1.toFixed(3)}; Z2 probe ${r.z2.linearTop1.toFixed(3)}, kNN ${r.z2.knnTop1.toFixed(3)}`,
        );
        console.log(
          JSON.stringify({
            bench: 'eval-browser',
            backend,
            adapter,
            trainImages: r.protocol.trainImages,
            testImages: r.protocol.testImages,
            channels: args.channels,
            evalMs: r.millis,
            wallMs: wall * 1000,
          }),
        );
        await send(page, { type: 'stop', runId: 'bench' });
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
