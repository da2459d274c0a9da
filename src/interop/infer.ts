// The architecture a state_dict describes, from its keys and shapes alone: the encoder
// (ResNet-18 width from conv1, or the lab's ConvNet channels from the Sequential convs), the
// projector (SimCLR's Linear-ReLU-Linear or Barlow Twins' three Linear layers with BatchNorm,
// dims from the weights), the SAE (latents from auto_encoder) and the classifier's classes.
// What weights cannot say (the SAE's top-k, the discrete projector's levels, temperatures)
// comes from the file's settings or from the person (import-config.ts).
import type { Method } from '../core/config';
import { InteropError, shapeText } from './errors';
import type { HostTensor } from './tensor';

export interface InferredArchitecture {
  encoder: { kind: 'resnet18'; width: number } | { kind: 'convnet'; channels: number[] };
  /** Z1's width. */
  featureDim: number;
  /** Undefined when the file has no projector and no SAE (a bare backbone). */
  method?: Method;
  /** The MLP's dims, when the file has one (Barlow + SAE has only its first layer). */
  projector?: { hiddenDim: number; outputDim?: number };
  sae?: { latentDim: number; inputDim: number };
  classifierClasses?: number;
}

const MAX_CONVNET_BLOCKS = 5;

function shapeOf(tensors: Map<string, HostTensor>, key: string): number[] | undefined {
  return tensors.get(key)?.shape;
}

function requireShape(tensors: Map<string, HostTensor>, key: string, expected: (number | undefined)[], why: string): number[] {
  const shape = shapeOf(tensors, key);
  if (!shape) throw new InteropError(`it has no ${key} (${why})`);
  if (shape.length !== expected.length || expected.some((d, i) => d !== undefined && d !== shape[i])) {
    const wanted = `[${expected.map((d) => d ?? 'n').join(', ')}]`;
    throw new InteropError(`${key} has shape ${shapeText(shape)}, which does not fit (expected ${wanted}: ${why})`);
  }
  return shape;
}

function inferEncoder(t: Map<string, HostTensor>): InferredArchitecture['encoder'] {
  if (t.has('backbone.conv1.weight')) {
    const [width] = requireShape(t, 'backbone.conv1.weight', [undefined, 3, 3, 3], "the lab's ResNet-18 is solo-learn's CIFAR variant, a 3x3 conv1 on RGB");
    return { kind: 'resnet18', width };
  }
  if (t.has('backbone.0.weight')) {
    const channels: number[] = [];
    for (let i = 0; t.has(`backbone.${4 * i}.weight`); i++) {
      const why = `block ${i + 1} of the lab's ConvNet is a 3x3 conv at backbone.${4 * i}`;
      channels.push(requireShape(t, `backbone.${4 * i}.weight`, [undefined, i === 0 ? 3 : channels[i - 1], 3, 3], why)[0]);
    }
    if (channels.length > MAX_CONVNET_BLOCKS) throw new InteropError(`its ConvNet has ${channels.length} blocks; the lab's has at most ${MAX_CONVNET_BLOCKS}`);
    return { kind: 'convnet', channels };
  }
  const keys = [...t.keys()];
  throw new InteropError(
    `it has no encoder the lab knows: expected backbone.conv1.weight (ResNet-18) or backbone.0.weight (the lab's ConvNet); its keys begin ${keys.slice(0, 5).join(', ') || '(none)'}`,
  );
}

/** The projector's Sequential positions that hold weights. */
function projectorIndices(t: Map<string, HostTensor>): number[] {
  const found = new Set<number>();
  for (const key of t.keys()) {
    const m = /^projector\.(\d+)\./.exec(key);
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

export function inferArchitecture(t: Map<string, HostTensor>): InferredArchitecture {
  const encoder = inferEncoder(t);
  const featureDim = encoder.kind === 'resnet18' ? 8 * encoder.width : encoder.channels[encoder.channels.length - 1];
  const arch: InferredArchitecture = { encoder, featureDim };

  if (t.has('auto_encoder.weight')) {
    const [latentDim, inputDim] = requireShape(t, 'auto_encoder.weight', [undefined, undefined], 'the SAE encoder is a Linear layer');
    arch.sae = { latentDim, inputDim };
  }
  const positions = projectorIndices(t).join(',');
  const isBn = (i: number) => t.has(`projector.${i}.running_mean`);
  if (positions === '') {
    if (arch.sae) {
      if (arch.sae.inputDim !== featureDim) {
        throw new InteropError(
          `auto_encoder.weight has shape ${shapeText(shapeOf(t, 'auto_encoder.weight')!)}: SimCLR's SAE acts on the ${featureDim}-d encoder output`,
        );
      }
      arch.method = 'simclr';
    }
  } else if (positions === '0,2' && !isBn(0)) {
    const [hiddenDim] = requireShape(t, 'projector.0.weight', [undefined, featureDim], "SimCLR's first projector layer is Linear(Z1 -> hidden)");
    const [outputDim] = requireShape(t, 'projector.2.weight', [undefined, hiddenDim], "SimCLR's second projector layer is Linear(hidden -> out)");
    arch.method = 'simclr';
    arch.projector = { hiddenDim, outputDim };
  } else if ((positions === '0,1,3,4,6' || positions === '0,1') && isBn(1)) {
    const [hiddenDim] = requireShape(t, 'projector.0.weight', [undefined, featureDim], "Barlow Twins' first projector layer is Linear(Z1 -> hidden)");
    arch.method = 'barlow';
    arch.projector = { hiddenDim };
    if (positions === '0,1') {
      if (!arch.sae) throw new InteropError('its projector stops after projector.1 (BatchNorm) without an SAE after it (auto_encoder.*)');
      if (arch.sae.inputDim !== hiddenDim)
        throw new InteropError(`auto_encoder.weight takes ${arch.sae.inputDim} inputs; Barlow's SAE follows the ${hiddenDim}-d hidden layer`);
    } else {
      requireShape(t, 'projector.3.weight', [hiddenDim, hiddenDim], "Barlow Twins' second projector layer is Linear(hidden -> hidden)");
      arch.projector.outputDim = requireShape(
        t,
        'projector.6.weight',
        [undefined, hiddenDim],
        "Barlow Twins' last projector layer is Linear(hidden -> out)",
      )[0];
    }
  } else {
    const first = [...t.keys()].find((k) => k.startsWith('projector.'));
    throw new InteropError(
      `its projector (positions ${positions}, e.g. ${first}) maps to no projector the lab has: SimCLR is projector.0 Linear, .2 Linear; Barlow Twins .0 Linear, .1 BatchNorm1d, .3 Linear, .4 BatchNorm1d, .6 Linear (.0-.1 before an SAE)`,
    );
  }
  if (arch.sae && positions !== '' && positions !== '0,1')
    throw new InteropError('it has both a full projector MLP and an SAE (auto_encoder.*); the lab has one or the other');
  if (t.has('classifier.weight')) {
    arch.classifierClasses = requireShape(t, 'classifier.weight', [undefined, featureDim], 'the online classifier is Linear(Z1 -> classes)')[0];
  }
  return arch;
}

/** The inferred architecture in a few lines, for people. */
export function describeArchitecture(arch: InferredArchitecture): string[] {
  const lines = [
    arch.encoder.kind === 'resnet18'
      ? `Encoder: ResNet-18 (solo-learn CIFAR variant), width ${arch.encoder.width}, Z1 ${arch.featureDim}-d`
      : `Encoder: the lab's ConvNet, channels [${arch.encoder.channels.join(', ')}], Z1 ${arch.featureDim}-d`,
  ];
  if (arch.method === 'simclr' && arch.projector)
    lines.push(`Projector: SimCLR MLP ${arch.featureDim} → ${arch.projector.hiddenDim} → ${arch.projector.outputDim}`);
  if (arch.method === 'barlow' && arch.projector?.outputDim)
    lines.push(
      `Projector: Barlow Twins MLP ${arch.featureDim} → ${arch.projector.hiddenDim} → ${arch.projector.hiddenDim} → ${arch.projector.outputDim} (BatchNorm)`,
    );
  if (arch.method === 'barlow' && arch.sae)
    lines.push(`Projector: Barlow Twins Linear ${arch.featureDim} → ${arch.projector?.hiddenDim} + BatchNorm + ReLU, then the SAE`);
  if (arch.sae) lines.push(`Sparse autoencoder: ${arch.sae.inputDim} → ${arch.sae.latentDim} latents → ${arch.sae.inputDim}`);
  if (!arch.method) lines.push('Projector: none in the file');
  lines.push(arch.classifierClasses ? `Online classifier: ${arch.classifierClasses} classes` : 'Online classifier: none in the file');
  return lines;
}
