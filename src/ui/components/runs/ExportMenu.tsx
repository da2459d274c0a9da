// Per-run export: the whole run as a bundle to import elsewhere, the engine's checkpoint, the
// config, the metrics (CSV, JSON lines) and the evaluations.
import { useState } from 'react';
import { download } from '../../export/download';
import { exportBundle, exportCheckpoint, exportConfig, exportEvaluations, exportMetrics, type FileOut } from '../../engine/transfer';
import type { LabController } from '../../engine/controller';
import { useLab } from '../../state/store';
import { Menu } from '../Menu';
import { useController } from '../services';

const ITEMS: { label: string; make: (lab: LabController, id: string) => Promise<FileOut> }[] = [
  { label: 'Run bundle (.zip)', make: async (lab, id) => (await exportBundle(lab, id)).file },
  { label: 'Checkpoint (.zip)', make: exportCheckpoint },
  { label: 'Config (JSON)', make: exportConfig },
  { label: 'Metrics (CSV)', make: (lab, id) => exportMetrics(lab, id, 'csv') },
  { label: 'Metrics (JSON lines)', make: (lab, id) => exportMetrics(lab, id, 'jsonl') },
  { label: 'Evaluations (CSV)', make: exportEvaluations },
];

export function ExportMenu({ runId, runName }: { runId: string; runName: string }) {
  const lab = useController();
  const pushNotice = useLab((s) => s.pushNotice);
  const announce = useLab((s) => s.announce);
  const [busy, setBusy] = useState(false);

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

  return <Menu label={busy ? 'Exporting…' : 'Export'} ariaLabel={`Export ${runName}`} busy={busy} items={ITEMS.map((item) => ({ label: item.label, onSelect: () => void save(item) }))} />;
}
