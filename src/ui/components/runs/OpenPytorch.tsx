// "Open a PyTorch checkpoint": a Lightning .ckpt, a torch.save .pth/.pt or a safetensors file
// (the official code's, solo-learn's, or a lab export). The engine reads it and says what it
// inferred (architecture from the weights; top-k, point_num and the rest from the file's
// settings or the form); the person confirms or changes what the weights cannot show, the
// dataset and the training budget, and the model is imported as a run and evaluated.
import { useId, useState } from 'react';
import type { DatasetId, RunConfig } from '../../../core/config';
import { DATASET_IDS, DATASETS } from '../../../core/config-datasets';
import { validateConfig } from '../../../core/config-validate';
import type { WeightsReport } from '../../../engine/interop/types';
import { importWeightsFile, inspectWeightsFile } from '../../controller/pytorch';
import { labStore, useLab } from '../../state/store';
import { useController } from '../services';
import { FileButton } from '../FileButton';
import '../../styles/pytorch.css';

const FORMATS: Record<string, string> = { lightning: 'Lightning checkpoint', torch: 'torch.save file', safetensors: 'safetensors file' };

/** A whole-number input that keeps what is typed; anything but a number reaches validation as NaN. */
function NumberField({ label, value, onChange }: { label: string; value: number; onChange: (value: number) => void }) {
  const id = useId();
  const [text, setText] = useState(String(value));
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value.trim() === '' ? NaN : Number(e.target.value));
        }}
      />
    </div>
  );
}

interface Opened {
  fileName: string;
  bytes: Uint8Array;
  report: WeightsReport;
  config: RunConfig;
  name: string;
}

export function OpenPytorch() {
  const lab = useController();
  const pushNotice = useLab((s) => s.pushNotice);
  const ready = useLab((s) => s.readyDatasets);
  const titleId = useId();
  const [busy, setBusy] = useState<'reading' | 'importing' | undefined>();
  const [opened, setOpened] = useState<Opened | undefined>();

  async function onFile(file: File) {
    setBusy('reading');
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const report = await inspectWeightsFile(lab, bytes, file.name, labStore.getState().draft);
      setOpened({ fileName: file.name, bytes, report, config: report.config, name: file.name.replace(/\.(ckpt|pth|pt|safetensors)$/i, '') });
    } catch (err) {
      pushNotice({ kind: 'import', message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(undefined);
    }
  }

  function change(edit: (c: RunConfig) => void) {
    if (!opened) return;
    const config = structuredClone(opened.config);
    edit(config);
    setOpened({ ...opened, config });
  }

  async function confirm() {
    if (!opened) return;
    setBusy('importing');
    try {
      await importWeightsFile(lab, opened.bytes, opened.fileName, opened.config, opened.name.trim() || opened.fileName);
      setOpened(undefined);
    } catch (err) {
      pushNotice({ kind: 'import', message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(undefined);
    }
  }

  const problems = opened ? validateConfig(opened.config).map((p) => `${p.path}: ${p.message}`) : [];
  const c = opened?.config;
  return (
    <>
      <FileButton accept=".ckpt,.pth,.pt,.safetensors" disabled={busy !== undefined} onFile={onFile}>
        {busy === 'reading' ? 'Reading…' : 'Open a PyTorch checkpoint'}
      </FileButton>
      {opened && c && (
        <section className="pytorch-import panel" role="region" aria-labelledby={titleId} data-testid="pytorch-import">
          <h3 id={titleId}>
            {opened.fileName}: {FORMATS[opened.report.format] ?? opened.report.format}
            {opened.report.globalStep !== undefined && ` (epoch ${opened.report.epoch}, step ${opened.report.globalStep})`}
          </h3>
          <p className="field-hint">Inferred from the weights:</p>
          <ul data-testid="inferred-architecture">
            {opened.report.architecture.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p className="field-hint">What the weights cannot show:</p>
          <ul>
            {opened.report.provenance.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {opened.report.notes.length > 0 && (
            <>
              <p className="field-hint">Read from the file:</p>
              <ul>
                {opened.report.notes.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          )}
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${titleId}-name`}>Run name</label>
              <input id={`${titleId}-name`} type="text" value={opened.name} onChange={(e) => setOpened({ ...opened, name: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`${titleId}-data`}>Evaluate and train on</label>
              <select id={`${titleId}-data`} value={c.data.dataset} onChange={(e) => change((x) => (x.data.dataset = e.target.value as DatasetId))}>
                {DATASET_IDS.map((id) => {
                  const missing = id !== 'synthetic' && ready !== undefined && !ready.includes(id);
                  return (
                    <option key={id} value={id} disabled={missing}>
                      {DATASETS[id].label}
                      {missing ? ' (not in this browser)' : ''}
                    </option>
                  );
                })}
              </select>
            </div>
          </div>
          <div className="field-row">
            {c.projector.sae.enabled && (
              <NumberField label="SAE top-k" value={c.projector.sae.topK} onChange={(v) => change((x) => (x.projector.sae.topK = v))} />
            )}
            <NumberField label="point_num (0 = off)" value={c.projector.pointNum} onChange={(v) => change((x) => (x.projector.pointNum = v))} />
            <NumberField label="Epochs to continue" value={c.train.epochs} onChange={(v) => change((x) => (x.train.epochs = v))} />
          </div>
          <p className="field-hint">
            Optimiser, batch, augmentation and evaluation settings come from the form; after the import, “Use this config” on the run shows them all. Continuing
            starts at step 0 of this budget with fresh optimiser state.
          </p>
          {problems.length > 0 && (
            <ul className="field-error" role="alert">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          <div className="action-buttons">
            <button type="button" className="primary" disabled={problems.length > 0 || busy !== undefined} onClick={() => void confirm()}>
              {busy === 'importing' ? 'Importing…' : 'Import and evaluate'}
            </button>
            <button type="button" disabled={busy === 'importing'} onClick={() => setOpened(undefined)}>
              Cancel
            </button>
          </div>
        </section>
      )}
    </>
  );
}
