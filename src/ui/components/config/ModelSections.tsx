// Projector and regularisers (the paper's variants), optimiser and training budget.
import type { OptimizerKind } from '../../../core/config';
import { useLab } from '../../state/store';
import { CheckboxField, SelectField, TextField } from './fields';
import { Section } from './Section';

const OPTIMIZERS: { value: OptimizerKind; label: string }[] = [
  { value: 'lars', label: 'LARS' },
  { value: 'sgd', label: 'SGD with momentum' },
];

export function ProjectorSection() {
  const sae = useLab((s) => s.draft.projector.sae.enabled);
  return (
    <Section title="Projector & regularisers" paths={['projector', 'loss.lmbd', 'loss.alpha']} defaultOpen>
      <div className="field-row">
        <TextField path="projector.hiddenDim" label="Hidden dim" inputMode="numeric" hint="2048 in the paper" />
        <TextField path="projector.outputDim" label="Output dim" inputMode="numeric" />
      </div>
      <div className="field-row">
        <TextField path="loss.lmbd" label="lmbd" hint="I(Z1;Z2) regulariser, 0 = off" />
        <TextField path="loss.alpha" label="alpha" inputMode="numeric" hint="Rényi order (2)" />
      </div>
      <TextField path="projector.pointNum" label="point_num" inputMode="numeric" hint="Discrete projector levels, 0 = off" />
      <CheckboxField path="projector.sae.enabled" label="Sparse-autoencoder projector" />
      {sae && (
        <div className="field-row">
          <TextField path="projector.sae.latentDim" label="Latent dim" inputMode="numeric" />
          <TextField path="projector.sae.topK" label="Top-k" inputMode="numeric" hint="Latents kept per row" />
        </div>
      )}
    </Section>
  );
}

export function OptimiserSection() {
  const lars = useLab((s) => s.draft.optim.kind === 'lars');
  return (
    <Section title="Optimiser" paths={['optim']}>
      <SelectField path="optim.kind" label="Optimiser" options={OPTIMIZERS} />
      <div className="field-row">
        <TextField path="optim.lr" label="Learning rate" hint="Per 256 images" />
        <TextField path="optim.classifierLr" label="Classifier lr" />
      </div>
      <div className="field-row">
        <TextField path="optim.momentum" label="Momentum" />
        <TextField path="optim.weightDecay" label="Weight decay" />
      </div>
      {lars && (
        <div className="field-row">
          <TextField path="optim.larsEta" label="LARS eta" />
          <CheckboxField path="optim.larsClip" label="LARS clipping" />
        </div>
      )}
      <div className="field-row field-row-3">
        <TextField path="optim.warmupEpochs" label="Warm-up epochs" />
        <TextField path="optim.warmupStartLr" label="Warm-up start" hint="× peak" />
        <TextField path="optim.minLr" label="Final lr" hint="× peak" />
      </div>
    </Section>
  );
}

export function TrainingSection() {
  return (
    <Section title="Budget & logging" paths={['train']} defaultOpen>
      <div className="field-row">
        <TextField path="train.epochs" label="Epochs" inputMode="numeric" />
        <TextField path="train.batchSize" label="Batch size" inputMode="numeric" hint="Images per step (2 views each)" />
      </div>
      <div className="field-row field-row-3">
        <TextField path="train.logEvery" label="Log every" inputMode="numeric" hint="steps" />
        <TextField path="train.checkpointEvery" label="Checkpoint every" inputMode="numeric" hint="steps, 0 = end" />
        <TextField path="train.evalEveryEpochs" label="Evaluate every" inputMode="numeric" hint="epochs, 0 = end" />
      </div>
    </Section>
  );
}
