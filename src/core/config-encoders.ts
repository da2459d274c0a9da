// The encoders a run can use, as one table: the facts about each that are not TF.js code. The
// config's encoder kind, the validation, the form's options and size field, Z1's width and the
// setting that sizes the encoder (which the memory estimate names in its advice) read it. The
// network itself is TF.js code: core/nn/encoders.ts builds it by the same id (its table is
// typed by this one, so an encoder without a network does not compile).
// Named config-*.ts: the page may import it (.dependency-cruiser.cjs lets ui/ import core/config*).

/** The config's encoder section (the fields every encoder's entry may read). */
export interface EncoderSettings {
  kind: string;
  width: number; // ResNet-18: channels of the first stage (64 in the paper)
  convChannels: number[]; // ConvNet: channels of each block; Z1 has the last
}

export interface EncoderSpec {
  label: string; // the form's option
  /** The config path that sizes it: the form's field for it, and what the memory advice names. */
  setting: 'encoder.width' | 'encoder.convChannels';
  field: { label: string; hint: string; inputMode: 'numeric' | 'text' };
  /** Z1's width. */
  outputDim: (encoder: EncoderSettings) => number;
}

export const ENCODERS = {
  convnet: {
    label: 'Small ConvNet',
    setting: 'encoder.convChannels',
    field: { label: 'ConvNet channels', hint: 'Comma-separated, one per block; Z1 has the last', inputMode: 'text' },
    outputDim: (e) => e.convChannels[e.convChannels.length - 1],
  },
  resnet18: {
    label: 'ResNet-18 (CIFAR)',
    setting: 'encoder.width',
    field: { label: 'ResNet width', hint: '64 in the paper; Z1 has 8 × width features', inputMode: 'numeric' },
    outputDim: (e) => e.width * 8,
  },
} as const satisfies Record<string, EncoderSpec>;

export type EncoderKind = keyof typeof ENCODERS;
export const ENCODER_IDS = Object.keys(ENCODERS) as EncoderKind[];

export function isKnownEncoder(id: string): id is EncoderKind {
  return Object.hasOwn(ENCODERS, id);
}

export function encoderSpec(kind: EncoderKind): EncoderSpec {
  return ENCODERS[kind];
}
