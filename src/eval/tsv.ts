// Features for the TensorBoard Embedding Projector (projector.tensorflow.org, "Load"):
//   vectors.tsv  one row per point, values separated by tabs, no header;
//   metadata.tsv one row per point in the same order; with a single column there is no header,
//                with several columns the first row names them (the projector's rule).
// Files are returned as arrays of string parts (about 1 MB each) so a caller can build a Blob
// without first concatenating a 50 MB string (10,000 × 512 features).

/** Shortest decimal that reads back as the same float32 (e.g. 0.1f → "0.1", not 0.10000000149). */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value)) return String(value); // "NaN", "Infinity", "-Infinity"
  const f = Math.fround(value);
  // Starting at 6 loses nothing: 6-digit decimals are spaced wider than a float32's rounding
  // interval, so if any decimal of <= 6 digits reads back as f, the nearest 6-digit one is it
  // (Number → String then drops the trailing zeros).
  for (let digits = 6; digits < 9; digits++) {
    const text = String(Number(f.toPrecision(digits)));
    if (Math.fround(Number(text)) === f) return text;
  }
  return String(Number(f.toPrecision(9))); // 9 significant digits always round-trip a float32
}

/** Tabs and line breaks would shift columns or rows: replaced by spaces. */
export function sanitizeField(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ');
}

const PART_CHARS = 1 << 20;

function collectRows(count: number, row: (i: number) => string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < count; i++) {
    current += row(i) + '\n';
    if (current.length >= PART_CHARS) {
      parts.push(current);
      current = '';
    }
  }
  if (current) parts.push(current);
  return parts;
}

/** vectors.tsv for `count` rows of `dim` features (row-major). */
export function vectorsTsv(features: ArrayLike<number>, count: number, dim: number): string[] {
  if (features.length < count * dim) throw new Error(`vectorsTsv: need ${count} x ${dim} values, got ${features.length}`);
  return collectRows(count, (i) => {
    const values = new Array<string>(dim);
    for (let j = 0; j < dim; j++) values[j] = formatFloat32(features[i * dim + j]);
    return values.join('\t');
  });
}

/**
 * metadata.tsv: columns `label` (class index) and `class` (its name), plus any extra columns
 * (name → one value per row). A header row is written because there is more than one column.
 */
export function metadataTsv(labels: ArrayLike<number>, classNames: readonly string[], extra: Record<string, ArrayLike<string | number>> = {}): string[] {
  const extraNames = Object.keys(extra);
  for (const name of extraNames) {
    if (extra[name].length !== labels.length) throw new Error(`metadataTsv: column ${name} has ${extra[name].length} values for ${labels.length} rows`);
  }
  const header = ['label', 'class', ...extraNames].map(sanitizeField).join('\t') + '\n';
  const rows = collectRows(labels.length, (i) => {
    const y = labels[i];
    const name = classNames[y] ?? String(y);
    return [String(y), sanitizeField(name), ...extraNames.map((c) => sanitizeField(String(extra[c][i])))].join('\t');
  });
  return [header, ...rows];
}

/** Both files of one feature set, keyed by the file names the projector expects. */
export function projectorFiles(
  features: ArrayLike<number>,
  count: number,
  dim: number,
  labels: ArrayLike<number>,
  classNames: readonly string[],
): { 'vectors.tsv': string[]; 'metadata.tsv': string[] } {
  if (labels.length < count) throw new Error(`projectorFiles: ${count} rows but ${labels.length} labels`);
  const rowLabels = Array.from({ length: count }, (_, i) => labels[i]);
  return { 'vectors.tsv': vectorsTsv(features, count, dim), 'metadata.tsv': metadataTsv(rowLabels, classNames) };
}
