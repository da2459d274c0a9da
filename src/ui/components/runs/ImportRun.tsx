// Import a run bundle (exported from this or another browser): it is validated, stored as a
// new run (origin 'imported') and overlaid; with a checkpoint it can continue training.
import { useId, useRef, useState } from 'react';
import { importBundle } from '../../engine/transfer';
import { useLab } from '../../state/store';
import { useController } from '../services';

export function ImportRun() {
  const lab = useController();
  const pushNotice = useLab((s) => s.pushNotice);
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  async function onFile(file: File | undefined) {
    if (!file) return;
    setBusy(true);
    try {
      const { checkpointProblem } = await importBundle(lab, new Uint8Array(await file.arrayBuffer()), file.name);
      if (checkpointProblem)
        pushNotice({ kind: 'import', message: `${file.name} was imported for viewing; its checkpoint cannot continue training: ${checkpointProblem}` });
    } catch (err) {
      pushNotice({ kind: 'import', message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  return (
    <div className="import-run">
      <input
        id={inputId}
        ref={input}
        className="visually-hidden-file"
        type="file"
        accept=".zip,application/zip"
        disabled={busy}
        onChange={(e) => void onFile(e.target.files?.[0])}
      />
      <label htmlFor={inputId} className="button-like tool">
        {busy ? 'Importing…' : 'Import run bundle'}
      </label>
    </div>
  );
}
