// Data, method and encoder settings.
import type { EncoderKind, Method } from '../../../core/config';
import { DATASET_IDS, DATASETS } from '../../../core/config-datasets';
import { useLab } from '../../state/store';
import { DatasetSlot } from './DatasetSlot';
import { SelectField, TextField } from './fields';
import { Section } from './Section';

const DATASET_OPTIONS = DATASET_IDS.map((value) => ({ value, label: DATASETS[value].label }));
const METHODS: { value: Method; label: string }[] = [
  { value: 'simclr', label: 'SimCLR (NT-Xent)' },
  { value: 'barlow', label: 'Barlow Twins' },
];
const ENCODERS: { value: EncoderKind; label: string }[] = [
  { value: 'convnet', label: 'Small ConvNet' },
  { value: 'resnet18', label: 'ResNet-18 (CIFAR)' },
];

export function DataSection() {
  const synthetic = useLab((s) => s.draft.data.dataset === 'synthetic');
  return (
    <Section title="Data" paths={['data', 'seed']} defaultOpen>
      <SelectField path="data.dataset" label="Dataset" options={DATASET_OPTIONS} />
      <DatasetSlot />
      {synthetic && (
        <div className="field-row">
          <TextField path="data.syntheticTrainSize" label="Training images" inputMode="numeric" />
          <TextField path="data.syntheticTestSize" label="Test images" inputMode="numeric" />
        </div>
      )}
      <div className="field-row">
        <TextField path="data.trainSubset" label="Use first N images" inputMode="numeric" hint="0 = all" />
        <TextField path="seed" label="Seed" inputMode="numeric" />
      </div>
    </Section>
  );
}

export function MethodSection() {
  const method = useLab((s) => s.draft.method);
  const setMethod = useLab((s) => s.setMethod);
  return (
    <Section title="Method" paths={['method', 'loss.temperature', 'loss.barlowOffDiagonal', 'loss.barlowScale']} defaultOpen>
      <SelectField
        path="method"
        label="Method"
        options={METHODS}
        onSelect={setMethod}
        hint="Switching sets the paper's learning rates, and the augmentation recipe for the dataset (the paper's on CIFAR)."
      />
      {method === 'simclr' ? (
        <TextField path="loss.temperature" label="Temperature" hint="0.2 on CIFAR" />
      ) : (
        <div className="field-row">
          <TextField path="loss.barlowOffDiagonal" label="Off-diagonal weight" hint="0.0051" />
          <TextField path="loss.barlowScale" label="Loss scale" hint="0.1 on CIFAR" />
        </div>
      )}
    </Section>
  );
}

export function EncoderSection() {
  const kind = useLab((s) => s.draft.encoder.kind);
  return (
    <Section title="Encoder" paths={['encoder']}>
      <SelectField path="encoder.kind" label="Encoder" options={ENCODERS} />
      {kind === 'resnet18' ? (
        <TextField path="encoder.width" label="ResNet width" inputMode="numeric" hint="64 in the paper; Z1 has 8 × width features" />
      ) : (
        <TextField path="encoder.convChannels" label="ConvNet channels" inputMode="text" hint="Comma-separated, one per block; Z1 has the last" />
      )}
    </Section>
  );
}
