// Import a run bundle (exported from this or another browser), or a checkpoint file: a bundle
// is validated and stored by the import worker as a new run (origin 'imported') and overlaid;
// with a checkpoint it can continue training. Problems come back as notices that name the
// file, the field and the limit; nothing stored before is touched.
import { useState } from 'react';
import { MAX_IMPORT_FILE_BYTES } from '../../export/bundle';
import { importBundle } from '../../controller/transfer';
import { useLab } from '../../state/store';
import { useController } from '../services';
import { FileButton } from '../FileButton';

export function ImportRun() {
  const lab = useController();
  const pushNotice = useLab((s) => s.pushNotice);
  const [busy, setBusy] = useState<string | undefined>(undefined);

  async function onFile(file: File) {
    setBusy('Importing…');
    try {
      // The size first: reading a file larger than any bundle may be would itself strain the tab.
      if (file.size > MAX_IMPORT_FILE_BYTES)
        throw new Error(
          `${file.name} is ${(file.size / 2 ** 20).toFixed(1)} MiB, over the ${MAX_IMPORT_FILE_BYTES / 2 ** 20} MiB an import may be: it was not read.`,
        );
      const { checkpointProblem } = await importBundle(lab, new Uint8Array(await file.arrayBuffer()), file.name, {
        onProgress: (p) => setBusy(p.stage === 'checking' ? 'Checking…' : `Storing… ${p.total ? Math.round((100 * p.done) / p.total) : 100}%`),
      });
      if (checkpointProblem)
        pushNotice({ kind: 'page', message: `${file.name} was imported for viewing; its checkpoint cannot continue training: ${checkpointProblem}` });
    } catch (err) {
      pushNotice({ kind: 'import', message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <FileButton
      accept=".zip,application/zip"
      ariaLabel="Import run bundle"
      title="A run bundle (.bundle.zip) or a checkpoint (.zip) exported by Bottleneck Lab"
      disabled={busy !== undefined}
      onFile={onFile}
    >
      {busy ?? 'Import run bundle'}
    </FileButton>
  );
}
