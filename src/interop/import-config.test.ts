import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config';
import { fixture } from '../test/interop-fixtures';
import { fileSettings, importedConfig, LAB_METADATA } from './import-config';
import { inferArchitecture } from './infer';
import { readWeightsFile } from './weights-file';

function plan(name: string) {
  const file = readWeightsFile(fixture(name));
  return importedConfig(defaultConfig(), inferArchitecture(file.tensors), fileSettings(file));
}

describe('imported config', () => {
  it("takes top-k and the loss settings from a Lightning checkpoint's hyper_parameters and says so", () => {
    const { config, provenance } = plan('simclr-sae.ckpt');
    expect(config.projector.sae).toEqual({ enabled: true, latentDim: 32, topK: 6 });
    expect(config.encoder).toMatchObject({ kind: 'resnet18', width: 2 });
    expect(provenance[0]).toBe("SAE top-k = 6 (the checkpoint's hyper_parameters)");
    expect(plan('simclr.ckpt').config.loss.lmbd).toBe(0.1);
    expect(plan('barlow.ckpt').config).toMatchObject({ method: 'barlow', loss: { barlowScale: 0.1, barlowOffDiagonal: 0.0051 } });
  });

  it('says when a setting the weights cannot show comes from the base config', () => {
    const { config, provenance } = plan('barlow-sae.pth');
    expect(config.projector.sae.latentDim).toBe(48);
    expect(provenance[0]).toBe(`SAE top-k = ${defaultConfig().projector.sae.topK} (not in the file: from the form)`);
    expect(plan('backbone.pth').provenance[0]).toMatch(/projector initialised at random .*Z2 describes an untrained head/);
  });

  it("reads a lab export's config from the safetensors metadata; the weights still decide the architecture", () => {
    const c = defaultConfig();
    c.projector.pointNum = 3;
    c.loss.temperature = 0.5;
    c.encoder.width = 999; // contradicted by the weights: they win
    const settings = fileSettings({ metadata: { [LAB_METADATA.config]: JSON.stringify(c) } })!;
    expect(settings.source).toBe("the lab's export metadata");
    const arch = inferArchitecture(readWeightsFile(fixture('simclr.ckpt')).tensors);
    const { config, provenance } = importedConfig(defaultConfig(), arch, settings);
    expect(config.projector.pointNum).toBe(3);
    expect(config.loss.temperature).toBe(0.5);
    expect(config.encoder).toMatchObject({ kind: 'resnet18', width: 2 });
    expect(provenance).toContain("Discrete projector point_num = 3 (the lab's export metadata)");
  });
});
