import { describe, expect, it } from 'vitest';
import { CONFIG_PATHS } from '../core/config-paths';
import { augmentationFor, simclrAugmentation } from '../core/config';
import { headlessDefaultConfig, parseTrainArgs, trainUsage } from './cli-args';

describe('headless trainer flags', () => {
  it("parses the issue's example command", () => {
    const { config, host } = parseTrainArgs('--dataset synthetic --method simclr --encoder convnet --epochs 2 --lmbd 0.1 --point-num 5'.split(' '));
    expect(config.data.dataset).toBe('synthetic');
    expect(config.encoder.kind).toBe('convnet');
    expect(config.train.epochs).toBe(2);
    expect(config.loss.lmbd).toBe(0.1);
    expect(config.projector.pointNum).toBe(5);
    expect(host.backend).toBe('wasm');
  });

  it('takes every config leaf by its dotted path, and --flag=value', () => {
    const { config, explicit } = parseTrainArgs(['--optim.momentum=0.8', '--aug.views.1.solarizeProb', '0.3', '--channels', '8,16']);
    expect(config.optim.momentum).toBe(0.8);
    expect(config.aug.views[1].solarizeProb).toBe(0.3);
    expect(config.encoder.convChannels).toEqual([8, 16]);
    expect(explicit).toEqual(['optim.momentum', 'aug.views.1.solarizeProb', 'encoder.convChannels']);
  });

  it('uses the paper per-method defaults for --method barlow unless overridden', () => {
    expect(parseTrainArgs(['--method', 'barlow']).config.optim.lr).toBe(0.3);
    expect(parseTrainArgs(['--method', 'barlow', '--lr', '0.5']).config.optim.lr).toBe(0.5);
    expect(parseTrainArgs(['--method', 'barlow']).config.aug.views[1].solarizeProb).toBe(0.2);
  });

  it('starts from the headless budget, with the dataset\u2019s augmentation recipe', () => {
    const { config } = parseTrainArgs([]);
    expect(config).toEqual(headlessDefaultConfig());
    expect(config.encoder.convChannels).toEqual([16, 32, 64]);
    expect(config.aug.views).toEqual(augmentationFor('simclr', 'synthetic'));
    expect(parseTrainArgs(['--dataset', 'cifar10']).config.aug.views).toEqual(simclrAugmentation());
    expect(parseTrainArgs(['--method', 'barlow']).config.optim.classifierLr).toBe(headlessDefaultConfig().optim.classifierLr);
  });

  it.each([
    [['--point-num', '1'], /projector.pointNum: point_num = 1/],
    [['--lmbd', 'lots'], /loss.lmbd must be a number/],
    [['--topk', '20', '--latent-dim', '10', '--sae', 'true'], /top-k \(20\) cannot exceed the SAE latent dim \(10\)/],
    [['--nope', '1'], /unknown flag --nope/],
    [['--epochs'], /--epochs needs a value/],
    [['--epochs', '2', '--epochs', '3'], /--epochs is given twice/],
    [['--backend', 'webgl'], /--backend must be cpu, wasm or webgpu in Node/],
    [['--method', 'byol'], /--method must be simclr or barlow/],
    [['epochs', '2'], /unexpected argument "epochs"/],
    [['--epochs', '1e12'], /train.epochs: 1000000000000 epochs is more than the lab runs/],
    [
      ['--hidden-dim', '100000000'],
      /^projector.hiddenDim: on wasm, a training step needs about [\d,]+ GiB .* more than what the wasm backend can hold .*: 3\.9 GiB; lower projector.hiddenDim$/,
    ],
    [
      ['--channels', '100000', '--backend', 'cpu'],
      /^encoder.convChannels: on cpu, one tensor .* needs [\d.]+ GiB, more than the largest array the browser allows/,
    ],
  ])('rejects %j with a message', (argv, message) => {
    expect(() => parseTrainArgs(argv)).toThrow(message);
  });

  it('warns about point_num = 2 without refusing it', () => {
    const { config, warnings } = parseTrainArgs(['--point-num', '2']);
    expect(config.projector.pointNum).toBe(2);
    expect(warnings).toEqual([expect.stringMatching(/^projector.pointNum: point_num = 2 rounds every output above −1\.56 to 0/)]);
    expect(parseTrainArgs([]).warnings).toEqual([]);
  });

  it('lists every setting in --help', () => {
    const usage = trainUsage();
    for (const path of CONFIG_PATHS) expect(usage).toContain(`--${path}`);
    expect(usage).toContain('--point-num, --projector.pointNum');
  });
});
