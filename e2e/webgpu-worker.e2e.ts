// The built page loads in headless Chromium, and a module worker runs a TF.js conv + matmul
// on the WebGPU backend (SwiftShader here) with the CPU backend's results; the training step's
// fused ops (BatchNorm + ReLU, NT-Xent, cross-entropy, the stacked-views pass) equal
// their composed forms there, values and gradients.
import { afterEach, describe, expect, it } from 'vitest';
import { openLab, type LabBrowser } from './support/browser';
import { events, openDiagnostics, send, waitForEvent } from './support/engine';

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

  it('computes the fused ops of the training step as their composed forms (values and gradients)', async () => {
    lab = await openLab();
    const { page } = lab;
    await openDiagnostics(page, lab.baseUrl);
    await send(page, { type: 'selfTest', backend: 'webgpu' });
    await waitForEvent(page, `e.type === 'selfTestResult' || e.type === 'error'`, 240_000);
    const event = (await events(page)).find((e) => e.type === 'selfTestResult');
    if (event?.type !== 'selfTestResult') throw new Error(`no self-test result: ${JSON.stringify((await events(page)).slice(-3))}`);
    expect(event.result.backend.name).toBe('webgpu');
    const fused = event.result.fused;
    console.log(`webgpu fused checks: ${JSON.stringify(fused)}`);
    expect(fused?.checks).toBeGreaterThanOrEqual(6);
    expect(fused?.maxRelDiff).toBeLessThan(1e-5);
  });
});
