// The solo-learn YAML is parsed with a YAML library (not by hand): every lab setting must be
// at its counterpart with its value, or listed in the header comment; nothing is dropped.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../core/config';
import { flattenConfig, type Leaf } from '../core/config-paths';
import { soloLearnYaml } from './solo-yaml';

type Yaml = Record<string, unknown>;

function at(doc: Yaml, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
}

/** Where each lab setting lands in solo-learn's YAML (independent of the writer's table). */
function counterpart(c: RunConfig, path: string, value: Leaf): [string, unknown] | undefined {
  const peak = (c.optim.lr * c.train.batchSize) / 256;
  const view = /^aug\.views\.(\d)\.(\w+)$/.exec(path);
  if (view) {
    const a = `augmentations.${view[1]}`;
    const key: Record<string, [string, unknown]> = {
      cropScale: [`${a}.rrc`, { enabled: true, crop_min_scale: (value as number[])[0], crop_max_scale: (value as number[])[1] }],
      flipProb: [`${a}.horizontal_flip.prob`, value],
      jitterProb: [`${a}.color_jitter.prob`, value],
      brightness: [`${a}.color_jitter.brightness`, value],
      contrast: [`${a}.color_jitter.contrast`, value],
      saturation: [`${a}.color_jitter.saturation`, value],
      hue: [`${a}.color_jitter.hue`, value],
      grayscaleProb: [`${a}.grayscale.prob`, value],
      blurProb: [`${a}.gaussian_blur.prob`, value],
      solarizeProb: [`${a}.solarization.prob`, value],
    };
    return key[view[2]];
  }
  const table: Record<string, [string, unknown] | undefined> = {
    seed: ['seed', value],
    method: ['method', value === 'barlow' ? 'barlow_twins' : 'simclr'],
    'data.dataset': c.data.dataset === 'synthetic' ? undefined : ['data.dataset', value],
    'data.trainSubset': c.data.trainSubset === 0 ? ['data.dataset', c.data.dataset === 'cifar100' ? 'cifar100' : 'cifar10'] : undefined,
    'encoder.kind': ['backbone.name', 'resnet18'],
    'encoder.width': c.encoder.kind === 'resnet18' && c.encoder.width === 64 ? ['backbone.name', 'resnet18'] : undefined,
    'projector.hiddenDim': ['method_kwargs.proj_hidden_dim', value],
    'projector.outputDim': ['method_kwargs.proj_output_dim', value],
    'projector.pointNum': ['point_num', value],
    'projector.sae.enabled': ['sparse_autoencoder', value],
    'projector.sae.latentDim': ['latents_dim', value],
    'projector.sae.topK': ['topk', value],
    'loss.temperature': c.method === 'simclr' ? ['method_kwargs.temperature', value] : undefined,
    'loss.barlowScale': c.method === 'barlow' ? ['method_kwargs.scale_loss', value] : undefined,
    'loss.barlowOffDiagonal': c.method === 'barlow' ? ['method_kwargs.lamb', value] : undefined,
    'loss.lmbd': ['lmbd', value],
    'loss.alpha': ['alpha', value],
    'optim.kind': ['optimizer.name', value],
    'optim.lr': ['optimizer.lr', value],
    'optim.classifierLr': ['optimizer.classifier_lr', value],
    'optim.momentum': ['optimizer.kwargs.momentum', value],
    'optim.weightDecay': ['optimizer.weight_decay', value],
    'optim.larsEta': c.optim.kind === 'lars' ? ['optimizer.kwargs.eta', value] : undefined,
    'optim.larsClip': c.optim.kind === 'lars' ? ['optimizer.kwargs.clip_lr', value] : undefined,
    'optim.warmupEpochs': ['scheduler.warmup_epochs', value],
    'optim.warmupStartLr': ['scheduler.warmup_start_lr', (value as number) * peak],
    'optim.minLr': ['scheduler.min_lr', (value as number) * peak],
    'train.epochs': ['max_epochs', value],
    'train.batchSize': ['optimizer.batch_size', value],
  };
  return table[path];
}

const configs: [string, RunConfig][] = [
  ['the default (SimCLR, ConvNet, synthetic)', defaultConfig()],
  [
    "the paper's Barlow Twins on CIFAR-100 with SGD, SAE and point_num",
    (() => {
      const c = defaultConfig();
      c.method = 'barlow';
      c.data.dataset = 'cifar100';
      c.encoder = { ...c.encoder, kind: 'resnet18', width: 64 };
      c.optim.kind = 'sgd';
      c.optim.warmupStartLr = 0.1;
      c.projector = { hiddenDim: 2048, outputDim: 2048, pointNum: 5, sae: { enabled: true, latentDim: 4096, topK: 8 } };
      c.aug.views[1].solarizeProb = 0.2;
      c.loss.lmbd = 0.3;
      return c;
    })(),
  ],
];

describe('solo-learn YAML', () => {
  it.each(configs)('%s: every setting is at its counterpart or listed in the header comment', (_name, c) => {
    const text = soloLearnYaml(c, 'my-run');
    const doc = parse(text) as Yaml;
    const listed = new Set([...text.matchAll(/^# {3}([\w.]+): /gm)].map((m) => m[1]));
    for (const [path, value] of flattenConfig(c)) {
      const target = counterpart(c, path, value);
      if (target) {
        expect({ path, value: at(doc, target[0]) }).toEqual({ path, value: target[1] });
        expect(listed.has(path), `${path} is written and also listed as not carried over`).toBe(false);
      } else {
        expect(listed.has(path), `${path} is neither written nor listed`).toBe(true);
      }
    }
    expect(doc.name).toBe('my-run');
    expect(doc.sparse_autoencoder).toBe(c.projector.sae.enabled); // explicit: the official default is True
    expect(doc.scheduler).toMatchObject({ name: 'warmup_cosine' });
    expect((doc.augmentations as unknown[]).length).toBe(2);
    expect(doc.defaults).toContain('_self_');
  });

  it('writes final_dim and the data paths solo-learn needs', () => {
    const c = configs[1][1];
    const doc = parse(soloLearnYaml(c, 'x')) as Yaml;
    expect(at(doc, 'augmentations.1.solarization.prob')).toBe(0.2);
    expect(doc.final_dim).toBe(2048); // Barlow + SAE: Z2 is the SAE's output, the hidden width
    expect(at(doc, 'data')).toMatchObject({ dataset: 'cifar100', train_path: './datasets', val_path: './datasets', format: 'image_folder' });
    expect(doc.method_kwargs).toEqual({ proj_hidden_dim: 2048, proj_output_dim: 2048, scale_loss: 0.1, lamb: 0.0051 });
  });
});
