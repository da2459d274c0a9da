// The encoder networks: config.encoder -> network, by core/config-encoders.ts's ids. Params live under 'encoder/'.
import type { EncoderKind, RunConfig } from '../config';
import type { ParamSink } from './state';
import { createConvNet } from './encoders/convnet';
import { createResNet18 } from './encoders/resnet18';
import type { Encoder } from './encoders/types';

export type { Encoder } from './encoders/types';
export { createConvNet } from './encoders/convnet';
export { createResNet18, type ResNet18 } from './encoders/resnet18';

/** The network of each encoder in core/config-encoders.ts's table, by the same id. */
const BUILDERS: Record<EncoderKind, (config: RunConfig['encoder'], store: ParamSink) => Encoder> = {
  convnet: (config, store) => createConvNet(store, config.convChannels),
  resnet18: (config, store) => createResNet18(store, config.width),
};

export function createEncoder(config: RunConfig['encoder'], store: ParamSink): Encoder {
  const build = Object.hasOwn(BUILDERS, config.kind) ? BUILDERS[config.kind] : undefined;
  if (!build) throw new Error(`createEncoder: unknown encoder kind ${String(config.kind)}`);
  return build(config, store);
}
