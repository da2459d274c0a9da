// Import a study.json (written by `npm run study` or by "Export study.json" in any browser): it
// is checked, kept in this browser and shown in the study table and the scatter.
import { useState } from 'react';
import { readStudy } from '../../../engine/study/read';
import { useLab } from '../../state/store';
import { FileButton } from '../FileButton';

export function ImportStudy() {
  const add = useLab((s) => s.addImportedStudy);
  const pushNotice = useLab((s) => s.pushNotice);
  const announce = useLab((s) => s.announce);
  const [busy, setBusy] = useState(false);

  async function onFile(file: File) {
    setBusy(true);
    try {
      const study = readStudy(await file.text(), file.name);
      add({ id: crypto.randomUUID(), fileName: file.name, study });
      announce(`Imported the study “${study.label}” (${study.variants.length} variants).`);
    } catch (err) {
      pushNotice({ kind: 'import', message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <FileButton accept=".json,application/json" disabled={busy} onFile={onFile}>
      {busy ? 'Importing…' : 'Import study.json'}
    </FileButton>
  );
}
