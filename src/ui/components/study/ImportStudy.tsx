// Import a study.json (written by `npm run study` or by "Export study.json" in any browser): it
// is checked, kept in this browser and shown in the study table and the scatter.
import { useId, useRef, useState } from 'react';
import { readStudy } from '../../../engine/study/read';
import { useLab } from '../../state/store';

export function ImportStudy() {
  const add = useLab((s) => s.addImportedStudy);
  const pushNotice = useLab((s) => s.pushNotice);
  const announce = useLab((s) => s.announce);
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  async function onFile(file: File | undefined) {
    if (!file) return;
    setBusy(true);
    try {
      const study = readStudy(await file.text(), file.name);
      add({ id: crypto.randomUUID(), fileName: file.name, study });
      announce(`Imported the study “${study.label}” (${study.variants.length} variants).`);
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
        accept=".json,application/json"
        disabled={busy}
        onChange={(e) => void onFile(e.target.files?.[0])}
      />
      <label htmlFor={inputId} className="button-like tool">
        {busy ? 'Importing…' : 'Import study.json'}
      </label>
    </div>
  );
}
