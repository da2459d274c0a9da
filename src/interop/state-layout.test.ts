// The PyTorch layout list against the model the lab really builds (describeModelState), so the
// two descriptions of the architecture cannot drift apart; and the layout changes by hand.
import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../core/config';
import { describeModelState } from '../core/nn/model';
import { labToTorch, stateLayout, torchToLab } from './state-layout';

function config(change: (c: RunConfig) => void): RunConfig {
  const c = defaultConfig();
  change(c);
  return c;
}

const CONFIGS: [string, RunConfig][] = [
  ['ResNet-18 w2, SimCLR', config((c) => ((c.encoder.kind = 'resnet18'), (c.encoder.width = 2)))],
  ['ResNet-18 w64, Barlow', config((c) => ((c.encoder.kind = 'resnet18'), (c.method = 'barlow')))],
  ['ConvNet [4, 8], SimCLR + SAE', config((c) => ((c.encoder.convChannels = [4, 8]), (c.projector.sae.enabled = true)))],
  ['ConvNet [3], Barlow + SAE', config((c) => ((c.encoder.convChannels = [3]), (c.method = 'barlow'), (c.projector.sae.enabled = true)))],
];

describe('state layout', () => {
  it.each(CONFIGS)('%s: one PyTorch entry per lab tensor, same shapes up to the layout change', (_name, c) => {
    const lab = describeModelState(c, 10);
    const layout = stateLayout(c, 10);
    const mapped = layout.filter((e) => e.lab);
    expect(mapped.map((e) => e.lab).sort()).toEqual(lab.map((e) => e.name).sort());
    const shapes = new Map(lab.map((e) => [e.name, e.shape]));
    for (const e of mapped) expect(e.labShape).toEqual(shapes.get(e.lab!));
    expect(new Set(layout.map((e) => e.torch)).size).toBe(layout.length);
    // One num_batches_tracked per BatchNorm (four lab tensors each).
    expect(layout.filter((e) => e.kind === 'count').length).toBe(lab.filter((e) => e.name.endsWith('/runningMean')).length);
  });

  it("names the paper's ResNet-18 as torchvision does (width 64: 11,168,832 backbone parameters)", () => {
    const layout = stateLayout(CONFIGS[1][1], 10).filter((e) => e.part === 'encoder');
    const params = layout.filter((e) => e.kind !== 'count' && !/running_(mean|var)$/.test(e.torch));
    expect(params.reduce((n, e) => n + e.torchShape.reduce((a, b) => a * b, 1), 0)).toBe(11_168_832);
    expect(layout.map((e) => e.torch)).toContain('backbone.layer2.0.downsample.0.weight');
    expect(layout.map((e) => e.torch)).not.toContain('backbone.layer1.0.downsample.0.weight');
  });

  it('moves conv and linear axes: PyTorch (o, i, h, w) is the lab (h, w, i, o); (out, in) is (in, out)', () => {
    const conv = stateLayout(
      config((c) => (c.encoder.convChannels = [2])),
      10,
    )[0]; // backbone.0.weight [2, 3, 3, 3]
    const torch = Float32Array.from({ length: 54 }, (_, k) => k);
    const lab = torchToLab(conv, torch);
    const at = (o: number, i: number, h: number, w: number) => ((o * 3 + i) * 3 + h) * 3 + w;
    for (const [o, i, h, w] of [
      [1, 2, 0, 1],
      [0, 1, 2, 2],
    ]) {
      expect(lab[((h * 3 + w) * 3 + i) * 2 + o]).toBe(torch[at(o, i, h, w)]);
    }
    expect(Array.from(labToTorch(conv, lab))).toEqual(Array.from(torch));
    const linear = stateLayout(
      config((c) => (c.encoder.convChannels = [2])),
      3,
    ).find((e) => e.torch === 'classifier.weight')!; // [3, 2]
    expect(Array.from(torchToLab(linear, Float32Array.from([1, 2, 3, 4, 5, 6])))).toEqual([1, 3, 5, 2, 4, 6]);
  });
});
