// Helpers for browser tests that drive the engine through diagnostics.html (window.lab).
import type { Page } from 'playwright-core';
import type { RunConfig } from '../../src/core/config';
import { tinyRunConfig } from '../../src/test/tiny-config';
import type { EngineCommand, EngineEvent } from '../../src/engine/protocol';
import '../../src/ui/diagnostics-global';

/** A configuration SwiftShader trains in seconds: correctness and behaviour, not speed. */
export function tinyConfig(overrides: (c: RunConfig) => void = () => {}): RunConfig {
  return tinyRunConfig((c) => {
    // 8 steps per epoch, 8,000 in all: no machine finishes it before a test pauses, stops or
    // breaks it. Tests that need a finished run set their own (short) epochs.
    c.train.epochs = 1000;
    c.train.checkpointEvery = 4;
    overrides(c);
  });
}

export async function openDiagnostics(page: Page, baseUrl: string, faults = false): Promise<void> {
  await page.goto(`${baseUrl}diagnostics.html${faults ? '?faults=1' : ''}`);
  await page.waitForFunction(() => window.lab?.events.some((e) => e.type === 'hello'));
}

export async function send(page: Page, command: EngineCommand): Promise<void> {
  await page.evaluate((c) => window.lab.client.send(c), command);
}

export async function events(page: Page): Promise<EngineEvent[]> {
  return page.evaluate(
    () => window.lab.events.map((e) => ('bytes' in e && e.bytes instanceof ArrayBuffer ? { ...e, bytes: e.bytes.byteLength } : e)) as EngineEvent[],
  );
}

/** Waits until an event satisfies `predicate` (evaluated in the page on each new event). */
export async function waitForEvent(page: Page, predicate: string, timeout = 240_000): Promise<void> {
  await page.waitForFunction(`window.lab.events.some((e) => ${predicate})`, undefined, { timeout, polling: 200 });
}

/** Metric points of a run received so far, in order. */
export async function metricSteps(page: Page, runId: string): Promise<number[]> {
  return page.evaluate((id) => window.lab.events.flatMap((e) => (e.type === 'metrics' && e.runId === id ? e.points.map((p) => p.step) : [])), runId);
}

export async function lastProgress(page: Page, runId: string): Promise<Extract<EngineEvent, { type: 'progress' }> | undefined> {
  return page.evaluate((id) => {
    const all = window.lab.events.filter((e) => e.type === 'progress' && e.runId === id);
    return all[all.length - 1] as Extract<EngineEvent, { type: 'progress' }> | undefined;
  }, runId);
}
