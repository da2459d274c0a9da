// The one tiny run config of the tests, unit and browser alike: the smallest model that still
// has every part (a two-block ConvNet, a 16-8 projector), on the default method and data.
// Each test states what it needs beyond that (batch, epochs, schedule) in `change`, so what a
// test depends on is visible where it is used.
import { defaultConfig, type RunConfig } from '../core/config';

export function tinyConfig(change: (c: RunConfig) => void = () => {}): RunConfig {
  const c = defaultConfig();
  c.encoder.convChannels = [4, 8];
  c.projector.hiddenDim = 16;
  c.projector.outputDim = 8;
  change(c);
  return c;
}

/**
 * A run SwiftShader (and Node's CPU backend) trains in seconds: 64 synthetic images at batch
 * 8, logged every 2 steps, with a one-epoch warm-up. The browser tests' base; epochs and the
 * checkpoint schedule are each caller's.
 */
export function tinyRunConfig(change: (c: RunConfig) => void = () => {}): RunConfig {
  return tinyConfig((c) => {
    c.data.syntheticTrainSize = 64;
    c.data.syntheticTestSize = 32;
    c.train.batchSize = 8;
    c.train.logEvery = 2;
    c.optim.warmupEpochs = 1;
    change(c);
  });
}
