// Settings the lab questions before they break a run, and runs it flags: a config too large for
// the backend's memory is refused by the form and by the engine itself (setting, estimate and
// limit named; nothing loaded or allocated); point_num = 2 is warned about, and its dead run is
// flagged in the table and the header; a long value in a link wraps inside its notice; after a
// reload the header still follows the paused run, so Resume works at once.
import { afterEach, describe, expect, it } from 'vitest';
import { openLab, type LabBrowser } from './support/browser';
import { events, openDiagnostics, send, tinyConfig, waitForEvent } from './support/engine';
import { labUrl, tinyLabConfig, waitForReady, waitForRunStatus } from './lab-helpers';

let lab: LabBrowser | undefined;
afterEach(async () => {
  if (lab) await lab.close();
  lab = undefined;
});

describe('questioned settings and flagged runs', () => {
  it('the engine refuses a config its backend cannot hold, before loading data, naming setting, estimate and limit', async () => {
    lab = await openLab();
    const { page } = lab;
    await openDiagnostics(page, lab.baseUrl);
    // Sent straight to the worker, as a link or another page could: the form is not there to stop it.
    await send(page, { type: 'start', runId: 'huge', name: 'huge', config: tinyConfig((c) => (c.projector.hiddenDim = 1e8)), backend: 'wasm' });
    await waitForEvent(page, `e.type === 'error' && e.runId === 'huge'`, 60_000);
    const mine = (await events(page)).filter((e) => 'runId' in e && e.runId === 'huge');
    const error = mine.find((e) => e.type === 'error');
    console.log(`[questions] engine refusal: ${error?.type === 'error' ? error.message : ''}`);
    expect(error?.type === 'error' && error.kind).toBe('memory');
    expect(error?.type === 'error' && error.message).toMatch(
      /^The run was not started: projector\.hiddenDim: on wasm, a training step needs about [\d,.]+ GiB .* more than what the wasm backend can hold .*: 3\.9 GiB; lower projector\.hiddenDim/,
    );
    expect(mine.some((e) => e.type === 'progress' && e.phase === 'loading-data')).toBe(false);
    const stored = await page.evaluate(async () => (await window.lab.runs()).getRun('huge'));
    expect(stored?.status).toBe('failed');
    expect(stored?.message).toMatch(/projector\.hiddenDim/);
  });

  it('the form refuses it too; point_num = 2 is warned about and its dead run flagged; the header follows a paused run after a reload', async () => {
    lab = await openLab();
    const { page } = lab;

    // Too large for wasm, from a link with a long junk setting in it.
    const huge = tinyLabConfig((c) => (c.projector.hiddenDim = 1e8));
    await page.goto(`${labUrl(lab.baseUrl, huge, 'wasm')}&${'x'.repeat(3000)}=1`);
    await waitForReady(page);
    const reason = await page.getByTestId('start-reason').innerText();
    expect(reason).toMatch(/^Fix projector\.hiddenDim: on wasm, a training step needs about [\d,.]+ GiB .*: 3\.9 GiB; lower projector\.hiddenDim\.$/);
    expect(await page.getByRole('button', { name: 'Start', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Hidden dim').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('memory-estimate').innerText()).toMatch(
      /^Memory \(estimated\): [\d,.]+ GiB per training step, .* on wasm, which holds 3\.9 GiB/,
    );
    const notice = page.getByTestId('link-problems');
    const overflow = await notice.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const widest = Math.max(...[...el.querySelectorAll('*')].map((child) => child.getBoundingClientRect().right));
      return { scroll: el.scrollWidth - el.clientWidth, past: widest - box.right };
    });
    expect(overflow.scroll).toBeLessThanOrEqual(1);
    expect(overflow.past).toBeLessThanOrEqual(1);

    // point_num = 2: a warning, not a refusal; the run it gives is flagged dead.
    const dead = tinyLabConfig((c) => {
      c.projector.pointNum = 2;
      c.train.epochs = 2000; // 16,000 steps: it cannot end before the test pauses it
      c.train.checkpointEvery = 4;
    });
    await page.goto(labUrl(lab.baseUrl, dead, 'wasm'));
    await waitForReady(page);
    expect(await page.getByText(/point_num = 2 rounds every output above −1\.56 to 0/).count()).toBe(1);
    const start = page.getByRole('button', { name: 'Start', exact: true });
    expect(await start.isEnabled()).toBe(true);
    await page.getByLabel('Run name').fill('dead');
    await start.click();
    const badge = page.locator('tr', { has: page.getByRole('rowheader', { name: 'dead' }) }).getByTestId('dead-run-badge');
    await badge.waitFor({ timeout: 240_000 });
    const header = page.getByTestId('run-header');
    expect(await header.getByTestId('dead-run').innerText()).toMatch(
      /^Dead run: since step 0 every row of Z2 is exactly zero.*log\(15\) = 2\.7081.*point_num = 2 does this/,
    );
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await waitForRunStatus(page, 'dead', 'paused');

    await page.reload();
    await waitForReady(page);
    await header.and(page.locator('[data-state="paused"]')).waitFor({ timeout: 30_000 });
    expect(await header.getByRole('heading').innerText()).toBe('dead');
    await header.getByTestId('dead-run').waitFor(); // from the stored record and points
    const resume = page.getByRole('button', { name: 'Resume', exact: true });
    expect(await resume.isEnabled()).toBe(true);
    await resume.click();
    await waitForRunStatus(page, 'dead', 'running');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForRunStatus(page, 'dead', 'stopped');
  });
});
