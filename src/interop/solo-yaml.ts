// A run's settings as a solo-learn / Projector_Theory pretrain YAML (the shape of
// scripts/pretrain/cifar/simclr.yaml, with the augmentations written inline as the list that
// symmetric.yaml / asymmetric.yaml would supply), ready for
//   python main_pretrain.py --config-path scripts/pretrain/cifar/ --config-name NAME.yaml
// Every leaf of the lab's config is either written to its counterpart or listed in the header
// comment with the reason it is not (no counterpart, or not used by this run): nothing is
// dropped silently. `sparse_autoencoder` is always written (the official default is True).
import { Document } from 'yaml';
import { encoderOutputDim, type RunConfig } from '../core/config';
import { flattenConfig, type Leaf } from '../core/config-paths';
import { allLossParams, methodSpec } from '../core/config-methods';

/** Z2's width: the projector's output, or the SAE's input with the SAE. */
function projectorOutputDim(c: RunConfig): number {
  if (!c.projector.sae.enabled) return c.projector.outputDim;
  return methodSpec(c.method).projector === 'mlp2' ? encoderOutputDim(c) : c.projector.hiddenDim; // the SAE acts on Z1 or on the hidden layer
}

function augmentations(c: RunConfig) {
  return c.aug.views.map((v) => ({
    rrc: { enabled: true, crop_min_scale: v.cropScale[0], crop_max_scale: v.cropScale[1] },
    color_jitter: { prob: v.jitterProb, brightness: v.brightness, contrast: v.contrast, saturation: v.saturation, hue: v.hue },
    grayscale: { prob: v.grayscaleProb },
    gaussian_blur: { prob: v.blurProb },
    solarization: { prob: v.solarizeProb },
    equalization: { prob: 0.0 },
    horizontal_flip: { prob: v.flipProb },
    crop_size: 32,
    num_crops: 1,
  }));
}

/** Lab paths written above, and why the others are not. */
function unwritten(c: RunConfig): { path: string; value: Leaf; why: string }[] {
  const lars = c.optim.kind === 'lars';
  const written = new Set([
    'seed',
    'method',
    'encoder.kind',
    'projector.hiddenDim',
    'projector.outputDim',
    'projector.pointNum',
    'projector.sae.enabled',
    'projector.sae.latentDim',
    'projector.sae.topK',
    'loss.lmbd',
    'loss.alpha',
    'optim.kind',
    'optim.lr',
    'optim.classifierLr',
    'optim.momentum',
    'optim.weightDecay',
    'optim.warmupEpochs',
    'optim.warmupStartLr',
    'optim.minLr',
    'train.epochs',
    'train.batchSize',
  ]);
  if (c.data.dataset !== 'synthetic') written.add('data.dataset');
  if (c.data.trainSubset === 0) written.add('data.trainSubset'); // all images: solo-learn's only mode
  if (c.encoder.kind === 'resnet18' && c.encoder.width === 64) written.add('encoder.width');
  const method = methodSpec(c.method);
  for (const name of Object.keys(method.lossParams)) written.add(`loss.${name}`);
  const otherMethods = new Set(allLossParams().map(({ name }) => `loss.${name}`));
  if (lars) ['optim.larsEta', 'optim.larsClip'].forEach((p) => written.add(p));
  const why = (path: string): string => {
    if (path === 'data.dataset') return 'the synthetic set is the lab\'s own; "cifar10" is written';
    if (path.startsWith('data.synthetic')) return c.data.dataset === 'synthetic' ? "the synthetic set is the lab's own" : 'not used: the run is on CIFAR';
    if (path === 'data.trainSubset') return 'solo-learn trains on the whole training split';
    if (path === 'encoder.width')
      return c.encoder.kind === 'resnet18' ? "solo-learn's resnet18 has width 64; set backbone.kwargs yourself" : 'not used: the encoder is the ConvNet';
    if (path === 'encoder.convChannels')
      return c.encoder.kind === 'convnet' ? 'the lab\'s ConvNet has no solo-learn backbone; "resnet18" is written' : 'not used: the encoder is ResNet-18';
    if (otherMethods.has(path)) return `not used by ${method.name}`; // another method's loss number
    if (path.startsWith('optim.lars')) return 'not used by SGD';
    if (path.startsWith('train.')) return "the lab's logging, checkpoint and evaluation cadence; Lightning has its own";
    if (path.startsWith('eval.')) return "the lab's fast probe protocol; solo-learn's is main_linear.py";
    return 'no counterpart';
  };
  return flattenConfig(c)
    .filter(([path]) => !written.has(path) && !path.startsWith('aug.views.'))
    .map(([path, value]) => ({ path, value, why: why(path) }));
}

export function soloLearnYaml(config: RunConfig, runName: string): string {
  const c = config;
  const lars = c.optim.kind === 'lars';
  const peak = (c.optim.lr * c.train.batchSize) / 256; // solo-learn scales lr by batch_size / 256 itself
  const method = methodSpec(c.method);
  const methodKwargs = {
    proj_hidden_dim: c.projector.hiddenDim,
    proj_output_dim: c.projector.outputDim,
    ...Object.fromEntries(Object.entries(method.lossParams).map(([name, p]) => [p.solo, c.loss[name as keyof RunConfig['loss']]])),
  };
  const dataset = c.data.dataset === 'cifar100' ? 'cifar100' : 'cifar10';
  const body = {
    defaults: ['_self_', { wandb: 'private.yaml' }, { 'override hydra/hydra_logging': 'disabled' }, { 'override hydra/job_logging': 'disabled' }],
    hydra: { output_subdir: null, run: { dir: '.' } },
    name: runName,
    method: method.solo[0],
    backbone: { name: 'resnet18' },
    method_kwargs: methodKwargs,
    data: { dataset, train_path: './datasets', val_path: './datasets', format: 'image_folder', num_workers: 4 },
    optimizer: {
      name: c.optim.kind,
      batch_size: c.train.batchSize,
      lr: c.optim.lr,
      classifier_lr: c.optim.classifierLr,
      weight_decay: c.optim.weightDecay,
      kwargs: lars
        ? { clip_lr: c.optim.larsClip, eta: c.optim.larsEta, exclude_bias_n_norm: true, momentum: c.optim.momentum }
        : { momentum: c.optim.momentum },
    },
    scheduler: { name: 'warmup_cosine', warmup_epochs: c.optim.warmupEpochs, warmup_start_lr: c.optim.warmupStartLr * peak, min_lr: c.optim.minLr * peak },
    augmentations: augmentations(c),
    checkpoint: { enabled: true, dir: 'trained_models', frequency: 1 },
    auto_resume: { enabled: false },
    seed: c.seed,
    max_epochs: c.train.epochs,
    devices: [0],
    sync_batchnorm: true,
    accelerator: 'gpu',
    strategy: 'ddp',
    precision: '16-mixed',
    // Projector_Theory's own settings.
    final_dim: projectorOutputDim(c),
    point_num: c.projector.pointNum,
    lmbd: c.loss.lmbd,
    alpha: c.loss.alpha,
    sparse_autoencoder: c.projector.sae.enabled,
    topk: c.projector.sae.topK,
    latents_dim: c.projector.sae.latentDim,
  };
  const doc = new Document(body);
  const rest = unwritten(c);
  doc.commentBefore = [
    ` solo-learn / Projector_Theory pretrain config, written by Bottleneck Lab from the run "${runName}".`,
    ` Save as scripts/pretrain/cifar/<name>.yaml, set data.train_path and data.val_path, then run`,
    `   python main_pretrain.py --config-path scripts/pretrain/cifar/ --config-name <name>.yaml`,
    ` optimizer.lr and classifier_lr are per 256 images (solo-learn scales them by batch_size / 256, as the lab does);`,
    ` scheduler.warmup_start_lr and min_lr are absolute (the lab's fractions times the scaled lr).`,
    ` final_dim is the width of Z2 (the projector's output).`,
    ` Lab settings not carried over:`,
    ...rest.map((r) => `   ${r.path}: ${JSON.stringify(r.value)} (${r.why})`),
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}
