// The config travels in the link: a shared link restores it (and the link follows edits);
// a link with bad values names them, falls back to defaults, and the page still works.
import { afterEach, describe, expect, it } from 'vitest';
import { openLab, type LabBrowser } from './support/browser';
import { labUrl, tinyLabConfig, waitForReady } from './lab-helpers';

let lab: LabBrowser | undefined;
afterEach(async () => {
  if (lab) await lab.close();
  lab = undefined;
});

describe('lab links', () => {
  it('a shared link restores the config, and the link follows edits', async () => {
    lab = await openLab();
    const { page } = lab;
    const shared = tinyLabConfig((c) => {
      c.method = 'barlow';
      c.loss.lmbd = 0.25;
      c.projector.pointNum = 3;
    });
    await page.goto(labUrl(lab.baseUrl, shared, 'webgpu'));
    await waitForReady(page);
    expect(await page.getByLabel('Method', { exact: true }).inputValue()).toBe('barlow');
    expect(await page.getByLabel('lmbd', { exact: true }).inputValue()).toBe('0.25');
    expect(await page.getByLabel('point_num', { exact: true }).inputValue()).toBe('3');
    expect(await page.getByLabel('ConvNet channels').inputValue()).toBe('4,8');
    expect(await page.getByLabel('Backend', { exact: true }).inputValue()).toBe('webgpu');
    expect(await page.getByLabel('Projector variant').inputValue()).toBe('reg+discrete');
    expect(await page.getByTestId('link-problems').count()).toBe(0);

    await page.getByLabel('lmbd', { exact: true }).fill('0.5');
    await page.waitForFunction(() => location.search.includes('loss.lmbd=0.5'));
    // The edited link opens the same config in a new tab of the same browser.
    const other = await lab.context.newPage();
    await other.goto(page.url());
    await waitForReady(other);
    expect(await other.getByLabel('lmbd', { exact: true }).inputValue()).toBe('0.5');
    expect(await other.getByLabel('Method', { exact: true }).inputValue()).toBe('barlow');
  });

  it('a bad link names the bad settings, uses defaults, and never blanks the page', async () => {
    lab = await openLab();
    const { page } = lab;
    await page.goto(`${lab.baseUrl}?projector.pointNum=1&train.epochs=abc&colour=blue&loss.lmbd=0.2`);
    await waitForReady(page);
    const message = page.getByTestId('link-problems');
    await message.waitFor();
    const text = await message.innerText();
    for (const setting of ['projector.pointNum', 'train.epochs', 'colour']) expect(text).toContain(setting);
    expect(await page.getByLabel('point_num', { exact: true }).inputValue()).toBe('0');
    expect(await page.getByLabel('Epochs', { exact: true }).inputValue()).toBe('10');
    expect(await page.getByLabel('lmbd', { exact: true }).inputValue()).toBe('0.2'); // the good one is kept
    expect(await page.getByRole('button', { name: 'Start', exact: true }).isEnabled()).toBe(true);

    // Garbage that is not even a query of settings.
    await page.goto(`${lab.baseUrl}?%E0%A4%A&&=&seed=1e999`);
    await page.getByTestId('link-problems').waitFor();
    expect(await page.getByRole('heading', { name: 'Bottleneck Lab' }).isVisible()).toBe(true);
    expect(lab.consoleLines.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
  });

  it('validates as you type and says why Start is disabled', async () => {
    lab = await openLab();
    const { page } = lab;
    await page.goto(lab.baseUrl);
    await waitForReady(page);
    await page.getByLabel('Sparse-autoencoder projector').check();
    await page.getByLabel('Top-k').fill('5000');
    const start = page.getByRole('button', { name: 'Start', exact: true });
    expect(await start.isDisabled()).toBe(true);
    expect(await page.getByTestId('start-reason').innerText()).toMatch(/projector.sae.topK: top-k \(5000\) cannot exceed the SAE latent dim/);
    const described = await page.getByLabel('Top-k').getAttribute('aria-describedby');
    expect(described).toBeTruthy();
    expect(await page.getByLabel('Top-k').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Top-k').fill('abc');
    expect(await page.getByTestId('start-reason').innerText()).toMatch(/must be a number/);
    await page.getByLabel('Top-k').fill('64');
    expect(await start.isEnabled()).toBe(true);
  });
});
