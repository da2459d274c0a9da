// Launches Debian's Chromium with WebGPU on SwiftShader (see shared docs, testing.md).
// Every call gets a fresh profile directory, removed again by close().
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

export interface LabBrowser {
  context: BrowserContext;
  page: Page;
  profileDir: string;
  baseUrl: string;
  /** Messages the page logged, for failure diagnostics. */
  consoleLines: string[];
  close(keepProfile?: boolean): Promise<void>;
}

/** Opens a browser on a fresh profile (or on `profileDir` to reuse one, e.g. after a "reload"). */
export async function openLab(options: { profileDir?: string } = {}): Promise<LabBrowser> {
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'blab-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLines: string[] = [];
  page.on('console', (msg) => consoleLines.push(`[${msg.type()}] ${msg.text()}`));
  page.on('pageerror', (err) => consoleLines.push(`[pageerror] ${err.message}`));
  // Tests never touch the network: anything not served by the preview server is refused.
  const baseUrl = inject('baseUrl');
  await context.route(/^https?:\/\//, (route) => {
    const url = route.request().url();
    if (url.startsWith(baseUrl) || url.startsWith(baseUrl.replace('127.0.0.1', 'localhost'))) return route.continue();
    return route.abort('blockedbyclient');
  });
  return {
    context,
    page,
    profileDir,
    baseUrl,
    consoleLines,
    async close(keepProfile = false) {
      await context.close();
      if (!keepProfile) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
