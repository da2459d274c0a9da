// Where the page's main thread spends its time while a run trains: a CPU profile of the page
// (Chrome DevTools protocol) over SECONDS of a wasm run with live charts, summarised as the
// functions with the most self time, plus the long tasks (> 50 ms) seen meanwhile.
// Run after an unminified build:
//   npx vite build --minify false --outDir .build/dist-profile
//   LAB_DIST=.build/dist-profile npx tsx scripts/profile-ui.ts
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labUrl, longTasks, observeLongTasks, tinyLabConfig, waitForReady } from '../e2e/lab-helpers';
import { startPreview } from './lib/preview-server';

const DIST = process.env.LAB_DIST ?? 'dist';
const SECONDS = Number(process.env.SECONDS_TO_PROFILE ?? 30);
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

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (name + file:line), in ms, largest first. */
function selfTimes(profile: Profile): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const server = await startPreview(DIST);
  const { baseUrl } = server;
  const profileDir = mkdtempSync(join(tmpdir(), 'blab-profile-ui-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    // The responsiveness test's run: wasm, a metrics point every 2 steps.
    const config = tinyLabConfig((c) => {
      c.data.syntheticTrainSize = 256;
      c.train.epochs = 60;
      c.train.logEvery = 2;
      c.train.checkpointEvery = 200;
    });
    await page.goto(labUrl(baseUrl, config, 'wasm'));
    await waitForReady(page);
    await observeLongTasks(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForTimeout(5_000); // past the first compile and load
    await cdp.send('Profiler.start');
    await page.waitForTimeout(SECONDS * 1000);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    const tasks = await longTasks(page);
    writeFileSync(join(tmpdir(), 'lab-main-thread.cpuprofile'), JSON.stringify(profile));
    const rows = selfTimes(profile);
    const busy = rows.filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).reduce((s, [, v]) => s + v, 0);
    console.log(
      `${SECONDS} s profiled: ${busy.toFixed(0)} ms of script/GC on the main thread; ${tasks.length} long tasks, longest ${Math.max(0, ...tasks).toFixed(0)} ms, ${tasks.reduce((a, b) => a + b, 0).toFixed(0)} ms in all`,
    );
    console.log(`long tasks (ms, in order): ${tasks.map((t) => t.toFixed(0)).join(' ')}`);
    for (const [key, ms] of rows.slice(0, 40)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${key}`);
    console.log(`full profile: ${join(tmpdir(), 'lab-main-thread.cpuprofile')} (open in Chrome DevTools)`);
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
