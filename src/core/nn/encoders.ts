// The encoder registry: config.encoder -> network. Params live under 'encoder/'.
import type { RunConfig } from '../config';
import type { ParamSink } from './state';
import { createConvNet } from './encoders/convnet';
import { createResNet18 } from './encoders/resnet18';
import type { Encoder } from './encoders/types';

export type { Encoder } from './encoders/types';
export { createConvNet } from './encoders/convnet';
export { createResNet18, type ResNet18 } from './encoders/resnet18';

export function createEncoder(config: RunConfig['encoder'], store: ParamSink): Encoder {
  switch (config.kind) {
    case 'resnet18':
      return createResNet18(store, config.width);
    case 'convnet':
      return createConvNet(store, config.convChannels);
    default: {
      const kind: never = config.kind;
      throw new Error(`createEncoder: unknown encoder kind ${String(kind)}`);
    }
  }
}
