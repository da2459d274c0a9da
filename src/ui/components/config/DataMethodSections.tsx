// Data, method and encoder settings.
import type { Method } from '../../../core/config';
import { ENCODER_IDS, ENCODERS, encoderSpec, type EncoderSpec } from '../../../core/config-encoders';
import { DATASET_IDS, DATASETS } from '../../../core/config-datasets';
import { allLossParams, METHOD_IDS, METHODS, methodSpec } from '../../../core/config-methods';
import { useLab } from '../../state/store';
import { DatasetSlot } from './DatasetSlot';
import { SelectField, TextField } from './fields';
import { Section } from './Section';

const DATASET_OPTIONS = DATASET_IDS.map((value) => ({ value, label: DATASETS[value].label }));
const METHOD_OPTIONS = METHOD_IDS.map((value) => ({ value, label: METHODS[value].label }));
const LOSS_PATHS = allLossParams().map(({ name }) => `loss.${name}`);
const ENCODER_OPTIONS = ENCODER_IDS.map((value) => ({ value, label: ENCODERS[value].label }));

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
    <Section title="Method" paths={['method', ...LOSS_PATHS]} defaultOpen>
      <SelectField
        path="method"
        label="Method"
        options={METHOD_OPTIONS}
        onSelect={setMethod}
        hint="Switching sets the paper's learning rates, and the augmentation recipe for the dataset (the paper's on CIFAR)."
      />
      <LossFields method={method} />
    </Section>
  );
}

/** The chosen method's loss numbers (core/config-methods.ts), side by side when there are several. */
function LossFields({ method }: { method: Method }) {
  const fields = Object.entries(methodSpec(method).lossParams).map(([name, p]) => <TextField key={name} path={`loss.${name}`} label={p.label} hint={p.hint} />);
  return fields.length > 1 ? <div className="field-row">{fields}</div> : fields;
}

export function EncoderSection() {
  const kind = useLab((s) => s.draft.encoder.kind);
  return (
    <Section title="Encoder" paths={['encoder']}>
      <SelectField path="encoder.kind" label="Encoder" options={ENCODER_OPTIONS} />
      <EncoderSizeField spec={encoderSpec(kind)} />
    </Section>
  );
}

/** The setting that sizes the chosen encoder (core/config-encoders.ts). */
function EncoderSizeField({ spec }: { spec: EncoderSpec }) {
  return <TextField key={spec.setting} path={spec.setting} label={spec.field.label} inputMode={spec.field.inputMode} hint={spec.field.hint} />;
}
