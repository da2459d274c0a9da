// The memory estimate's arithmetic and the refusals it leads to. Its calibration against real
// allocations on wasm is src/engine/memory-estimate.test.ts.
import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from './config';
import { estimateMemory, formatBytes, parameterCount } from './config-memory';
import { backendMemoryLimits, memoryProblems, WASM_HEAP_MAX_BYTES, WASM_RESERVED_BYTES } from './config-memory-limits';
import { configWarnings, MAX_EPOCHS, validateConfig } from './config-validate';
import { describeModelState } from './nn/model';

function config(change: (c: RunConfig) => void): RunConfig {
  const c = defaultConfig();
  change(c);
  return c;
}

const wasm = backendMemoryLimits('wasm');
const wasmLimit = formatBytes(WASM_HEAP_MAX_BYTES - WASM_RESERVED_BYTES);

describe('parameter count', () => {
  it.each([
    ['the default ConvNet', config(() => {})],
    ['ResNet-18 width 8, Barlow Twins', config((c) => ((c.encoder = { kind: 'resnet18', width: 8, convChannels: [8] }), (c.method = 'barlow')))],
    ['SimCLR + SAE, CIFAR-100', config((c) => ((c.projector.sae = { enabled: true, latentDim: 300, topK: 7 }), (c.data.dataset = 'cifar100')))],
    ['Barlow + SAE', config((c) => ((c.method = 'barlow'), (c.projector.sae = { enabled: true, latentDim: 96, topK: 5 })))],
  ])('%s: equals the parameters the model registers', (_name, c) => {
    const classes = c.data.dataset === 'cifar100' ? 100 : 10;
    const registered = describeModelState(c, classes)
      .filter((e) => e.kind === 'param')
      .reduce((n, e) => n + e.shape.reduce((a, b) => a * b, 1), 0);
    expect(parameterCount(c)).toBe(registered);
  });

  it('ResNet-18 at the paper’s width has its 11,168,832 encoder parameters', () => {
    const c = config((c) => (c.encoder = { kind: 'resnet18', width: 64, convChannels: [8] }));
    const encoder = describeModelState(c, 10)
      .filter((e) => e.kind === 'param' && e.name.startsWith('encoder/'))
      .reduce((n, e) => n + e.shape.reduce((a, b) => a * b, 1), 0);
    expect(encoder).toBe(11_168_832);
    expect(estimateMemory(c).parameters).toBe(parameterCount(c));
  });
});

describe('refusals', () => {
  it('a projector hidden dim of 1e8 is refused on wasm, naming the setting, the estimate and the limit', () => {
    const c = config((c) => (c.projector.hiddenDim = 1e8));
    const estimate = estimateMemory(c, 'wasm');
    const [problem, ...rest] = validateConfig(c, { memory: wasm });
    expect(rest).toEqual([]);
    expect(problem.path).toBe('projector.hiddenDim');
    expect(problem.message).toContain(`needs about ${formatBytes(estimate.device)}`);
    expect(problem.message).toContain(`: ${wasmLimit};`);
    expect(problem.message).toMatch(
      /^on wasm, a training step needs about [\d,]+ GiB \(estimated; the largest part is parameters, gradients and momentum \(25,700,094,890 parameters\)/,
    );
    expect(problem.message).toMatch(/lower projector\.hiddenDim$/); // no batch makes 1e8 fit
    // Without the backend's limits, validation stays what it was (imports, links).
    expect(validateConfig(c)).toEqual([]);
  });

  it('100,000 ConvNet channels are refused on every backend', () => {
    const c = config((c) => (c.encoder.convChannels = [100_000]));
    const byBackend = (b: string, facts = {}) => validateConfig(c, { memory: backendMemoryLimits(b, facts) });
    expect(byBackend('wasm').map((p) => p.path)).toEqual(['encoder.convChannels']);
    // An evaluation chunk's block output is 256 × 32 × 32 × 100,000 floats: more than a typed array holds.
    expect(byBackend('cpu')[0].message).toBe(
      'on cpu, one tensor (ConvNet block 1 (32×32×100000) of an evaluation chunk (256 images)) needs 97.7 GiB, ' +
        'more than the largest array the browser allows (2^32 values): 16.0 GiB; lower encoder.convChannels',
    );
    expect(byBackend('webgpu', { gpu: { maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 32 } })[0].message).toMatch(
      /more than the largest buffer this GPU binds: 2\.0 GiB/,
    );
    expect(byBackend('webgl', { webglMaxTextureSize: 16384 })[0].message).toMatch(/more than the largest WebGL texture here \(16384×16384\): 1\.0 GiB/);
  });

  it('suggests the largest batch that fits', () => {
    const c = config((c) => (c.train.batchSize = 1024)); // ~9 GiB on the default ConvNet
    const [problem] = validateConfig(c, { memory: wasm });
    expect(problem.path).toBe('encoder.convChannels');
    const fits = Number(/a batch of (\d+) fits/.exec(problem.message)?.[1]);
    expect(estimateMemory({ ...c, train: { ...c.train, batchSize: fits } }).device).toBeLessThanOrEqual(wasm.device.bytes);
    expect(estimateMemory({ ...c, train: { ...c.train, batchSize: fits + 1 } }).device).toBeGreaterThan(wasm.device.bytes);
    console.log(
      `[memory] default ConvNet on wasm: batch ${fits} is the largest that fits (${formatBytes(estimateMemory({ ...c, train: { ...c.train, batchSize: fits } }).device)})`,
    );
  });

  it('a synthetic set too large for one array is refused; one over the assumed page memory is a warning', () => {
    const huge = config((c) => (c.data.syntheticTrainSize = 2_000_000)); // 6.1 GB of images in one Uint8Array
    const [problem] = validateConfig(huge, { memory: wasm });
    expect(problem).toEqual({
      path: 'data.syntheticTrainSize',
      message: expect.stringMatching(/the training images \(2,000,000\) need 5\.7 GiB in one array, more than the largest array a browser allows/),
    });
    const large = config((c) => ((c.data.syntheticTrainSize = 1_200_000), (c.data.syntheticTestSize = 300_000))); // 4.3 GiB in two arrays
    expect(validateConfig(large, { memory: wasm })).toEqual([]);
    expect(configWarnings(large, { memory: wasm })).toEqual([
      { path: 'data.syntheticTrainSize', message: expect.stringMatching(/more than the memory assumed for the page \(4 GiB; browsers do not report it\)/) },
    ]);
  });

  it('GPU memory nobody reports is a warning, a buffer limit the adapter states is a refusal', () => {
    const c = config((c) => ((c.encoder = { kind: 'resnet18', width: 64, convChannels: [8] }), (c.train.batchSize = 512)));
    const webgpu = backendMemoryLimits('webgpu', { gpu: { maxStorageBufferBindingSize: 2 ** 30, maxBufferSize: 2 ** 30 } });
    expect(validateConfig(c, { memory: webgpu })).toEqual([]);
    const [warning] = configWarnings(c, { memory: webgpu });
    expect(warning.message).toMatch(
      /^on webgpu, a training step needs about [\d.]+ GiB .* more than the GPU memory assumed \(4 GiB; browsers do not report it\): 4\.0 GiB/,
    );
    // One view's stem output at batch 512 is 145 MiB; 354 images × 34 × 34 × 64 floats fit in 100 MiB.
    const small = backendMemoryLimits('webgpu', { gpu: { maxStorageBufferBindingSize: 100 * 2 ** 20, maxBufferSize: 2 ** 30 } });
    expect(memoryProblems(c, small).find((p) => p.blocking)?.message).toMatch(
      /more than the largest buffer this GPU binds: 100 MiB; lower encoder\.width, or train\.batchSize \(a batch of 354 fits\)$/,
    );
  });

  it('the default config fits every backend', () => {
    for (const b of ['wasm', 'cpu', 'webgl', 'webgpu']) expect(memoryProblems(defaultConfig(), backendMemoryLimits(b))).toEqual([]);
  });
});

describe('durations and dead settings', () => {
  it('refuses an absurd number of epochs, saying why', () => {
    const c = config((c) => (c.train.epochs = 1e12));
    expect(validateConfig(c)).toEqual([
      {
        path: 'train.epochs',
        message: `1000000000000 epochs is more than the lab runs (${MAX_EPOCHS.toLocaleString('en')}; the paper's longest recipe is 1,000)`,
      },
    ]);
    expect(validateConfig(config((c) => (c.train.epochs = MAX_EPOCHS)))).toEqual([]);
    expect(validateConfig(config((c) => (c.eval.probeEpochs = 1e9))).map((p) => p.path)).toEqual(['eval.probeEpochs']);
  });

  it('warns (without refusing) about point_num = 2, saying why', () => {
    const c = config((c) => (c.projector.pointNum = 2));
    expect(validateConfig(c)).toEqual([]);
    expect(configWarnings(c)).toEqual([
      { path: 'projector.pointNum', message: expect.stringMatching(/^point_num = 2 rounds every output above −1\.56 to 0.*zero gradient/) },
    ]);
    expect(configWarnings(config((c) => (c.projector.pointNum = 3)))).toEqual([]);
  });
});
