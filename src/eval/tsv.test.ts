import { describe, expect, it } from 'vitest';
import { formatFloat32, metadataTsv, projectorFiles, sanitizeField, vectorsTsv } from './tsv';

describe('Embedding Projector TSV', () => {
  it('writes one tab-separated row per point, no header, values that read back exactly as float32', () => {
    const values = Float32Array.from([0.1, -2.5, 1e-7, 3, 123456.789, 0.5, 1 / 3, 7]);
    const text = vectorsTsv(values, 2, 4).join('');
    expect(text).toBe('0.1\t-2.5\t1e-7\t3\n123456.79\t0.5\t0.33333334\t7\n');
    const rows = text
      .trimEnd()
      .split('\n')
      .map((line) => line.split('\t').map(Number));
    expect(rows).toHaveLength(2);
    rows.flat().forEach((v, i) => expect(Math.fround(v)).toBe(values[i]));
  });

  it('formats every float32 with the shortest decimal that reads back', () => {
    // A spread of magnitudes, including values needing 9 digits.
    const samples = Float32Array.from({ length: 2000 }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 13) - 6));
    for (const v of samples) {
      const text = formatFloat32(v);
      expect(Math.fround(Number(text))).toBe(v);
      const digits = text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length; // significant digits
      if (digits > 1) {
        // One digit fewer must not round-trip (shortest).
        expect(Math.fround(Number(v.toPrecision(digits - 1)))).not.toBe(v);
      }
    }
    expect(formatFloat32(-0)).toBe('0');
    expect(formatFloat32(Number.NaN)).toBe('NaN');
    expect(formatFloat32(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });

  it('writes metadata with a header row (two or more columns), class names, and no stray tabs', () => {
    const text = metadataTsv([2, 0, 1], ['cat', 'dog\tbig', 'line\nbreak']).join('');
    expect(text).toBe('label\tclass\n2\tline break\n0\tcat\n1\tdog big\n');
    const withExtra = metadataTsv([0, 1], ['a', 'b'], { split: ['test', 'test'], index: [0, 1] }).join('');
    expect(withExtra).toBe('label\tclass\tsplit\tindex\n0\ta\ttest\t0\n1\tb\ttest\t1\n');
    for (const line of withExtra.trimEnd().split('\n')) expect(line.split('\t')).toHaveLength(4);
    expect(metadataTsv([5], ['a']).join('')).toBe('label\tclass\n5\t5\n'); // unknown class: its index
    expect(() => metadataTsv([0, 1], ['a'], { x: [1] })).toThrow(/column x/);
    expect(sanitizeField('a\t\tb\r\nc')).toBe('a b c');
  });

  it('keeps vectors and metadata row-aligned and splits large files into parts', () => {
    const count = 3000;
    const dim = 64;
    const features = Float32Array.from({ length: count * dim }, (_, i) => Math.cos(i) * 100);
    const labels = Int32Array.from({ length: count }, (_, i) => i % 10);
    const files = projectorFiles(
      features,
      count,
      dim,
      labels,
      Array.from({ length: 10 }, (_, i) => `class ${i}`),
    );
    expect(files['vectors.tsv'].length).toBeGreaterThan(1); // > 1 MB of text
    const vectorLines = files['vectors.tsv'].join('').split('\n');
    const metaLines = files['metadata.tsv'].join('').split('\n');
    expect(vectorLines).toHaveLength(count + 1); // trailing newline
    expect(metaLines).toHaveLength(count + 2); // header + trailing newline
    expect(vectorLines[1234].split('\t')).toHaveLength(dim);
    expect(Math.fround(Number(vectorLines[1234].split('\t')[5]))).toBe(features[1234 * dim + 5]);
    expect(metaLines[1 + 1234]).toBe('4\tclass 4');
    for (const part of files['vectors.tsv']) expect(part.endsWith('\n')).toBe(true); // parts end on row boundaries
  });
});
