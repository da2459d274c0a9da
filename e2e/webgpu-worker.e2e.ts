// The built page loads in headless Chromium, and a module worker runs a TF.js conv + matmul
// on the WebGPU backend (SwiftShader here) with the CPU backend's results.
import { afterEach, describe, expect, it } from 'vitest';
import { openLab, type LabBrowser } from './support/browser';

let lab: LabBrowser | undefined;
afterEach(async () => {
  if (lab) await lab.close();
  lab = undefined;
});

describe('engine worker on WebGPU', () => {
  it('gets a WebGPU adapter in a module worker and matches the CPU backend', async () => {
    lab = await openLab();
    const { page } = lab;
    await page.goto(lab.baseUrl);
    await expect(page.getByRole('heading', { name: 'Bottleneck Lab' }).isVisible()).resolves.toBe(true);
    await page.getByLabel('Backend').selectOption('webgpu');
    await page.getByRole('button', { name: 'Check backend' }).click();
    const result = page.getByTestId('self-test-result');
    await result.waitFor({ timeout: 120_000 }).catch(async (err) => {
      throw new Error(`${err}\n${await page.getByTestId('self-test').innerText()}\n${lab?.consoleLines.join('\n')}`);
    });
    expect(await result.getAttribute('data-backend')).toBe('webgpu');
    const diff = Number(await result.getAttribute('data-max-rel-diff'));
    console.log(`webgpu self-test: ${await result.innerText()}`);
    expect(diff).toBeLessThan(1e-4); // float32 sums in another order
  });
});
