// Names of the files a run leaves the lab as (checkpoints, PyTorch weights, bundles, CSVs, a
// study's summary): one slug rule, so a run's files sort together whichever side wrote them.
// Pure: the page (ui/export, ui/controller) and the engine worker both import it.

/** File-name-safe slug of a run or study name: lower case, dashes, at most 60 characters. */
export function fileSlug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'run'
  );
}

/** A file of the run's weights at `step`: `<slug>-step<step>.<extension>`. */
export function stepFileName(runName: string, step: number, extension: string): string {
  return `${fileSlug(runName)}-step${step}.${extension}`;
}
