// Per-run export: the whole run as a bundle to import elsewhere, the engine's checkpoint, the
// config, the metrics (CSV, JSON lines), the evaluations, (while the engine holds the run) its
// Z1/Z2 features for the TensorBoard Embedding Projector, and for PyTorch its weights as a
// safetensors state_dict and its settings as a solo-learn YAML.
import { useState } from 'react';
import { download } from '../../export/download';
import { exportBundle, exportCheckpoint, exportConfig, exportEvaluations, exportFeatures, exportMetrics, type FileOut } from '../../controller/transfer';
import type { LabController } from '../../controller/controller';
import { useLab } from '../../state/store';
import { Menu } from '../Menu';
import { useController } from '../services';
import { exportPytorch } from '../../controller/pytorch';

const ITEMS: { label: string; make: (lab: LabController, id: string) => Promise<FileOut>; needsEngine?: boolean }[] = [
  { label: 'Run bundle (.zip)', make: async (lab, id) => (await exportBundle(lab, id)).file },
  { label: 'Checkpoint (.zip)', make: exportCheckpoint },
  { label: 'Config (JSON)', make: exportConfig },
  { label: 'Metrics (CSV)', make: (lab, id) => exportMetrics(lab, id, 'csv') },
  { label: 'Metrics (JSON lines)', make: (lab, id) => exportMetrics(lab, id, 'jsonl') },
  { label: 'Evaluations (CSV)', make: exportEvaluations },
  // For the official PyTorch code (README, "PyTorch interop").
  { label: 'PyTorch weights (.safetensors)', make: (lab, id) => exportPytorch(lab, id, 'safetensors') },
  { label: 'solo-learn config (.yaml)', make: (lab, id) => exportPytorch(lab, id, 'solo-learn-yaml') },
  // Computed by the engine from the weights it holds: offered while the run is loaded.
  { label: 'Z1/Z2 features (TSV for the Embedding Projector)', make: (lab, id) => exportFeatures(lab, id), needsEngine: true },
];

export function ExportMenu({ runId, runName }: { runId: string; runName: string }) {
  const lab = useController();
  const pushNotice = useLab((s) => s.pushNotice);
  const announce = useLab((s) => s.announce);
  const [busy, setBusy] = useState(false);
  const loaded = useLab((s) => s.live[runId]?.status === 'running' || s.live[runId]?.status === 'paused');

  async function save(item: (typeof ITEMS)[number]) {
    setBusy(true);
    try {
      const file = await item.make(lab, runId);
      download(file.bytes, file.fileName, file.mime);
      announce(`Saved ${file.fileName}`);
    } catch (err) {
      pushNotice({ runId, kind: 'page', message: `${item.label} of “${runName}” could not be exported: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Menu
      label={busy ? 'Exporting…' : 'Export'}
      ariaLabel={`Export ${runName}`}
      busy={busy}
      items={ITEMS.map((item) => ({ label: item.label, onSelect: () => void save(item), disabled: item.needsEngine && !loaded }))}
    />
  );
}
