import { describe, expect, it } from 'vitest';
import { evaluation, metricPoint } from '../testing';
import { checkMetricPoint } from '../../engine/run-schema';
import { evaluationsToCsv, fromJsonLines, metricsToCsv, toJsonLines } from './serialize';

describe('metric files', () => {
  it('CSV has a header and one row per point; non-finite values are empty cells', () => {
    const csv = metricsToCsv([metricPoint(2), metricPoint(4, { loss: NaN, miZ1Z2: Infinity })]);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'step,epoch,lr,loss,sslLoss,classifierLoss,classifierAcc,miZ1Z2,hZ1,hZ2,iZ1R,lowerBound,upperBound,zeroRowsZ2,stepMillis,imagesPerSecond',
    );
    expect(lines).toHaveLength(3);
    const cells = lines[2].split(',');
    expect(cells[0]).toBe('4');
    expect(cells[3]).toBe('');
    expect(cells[7]).toBe('');
    expect(cells).toHaveLength(16);
  });

  it('evaluations CSV, with the probe protocol that produced the numbers', () => {
    const [header, row] = evaluationsToCsv([evaluation(8, 0.5)]).split('\n');
    expect(header.endsWith(',millis,probeProtocol')).toBe(true);
    expect(row.startsWith('8,1,0.5,0.9,0.45,0.4,0.8,0.38,1234,"lab probe: frozen')).toBe(true);
    expect(row).toContain("not solo-learn's augmented 100-epoch SGD probe");
  });

  it('JSON lines round-trip, NaN as null and back', () => {
    const points = [metricPoint(2), metricPoint(4, { loss: NaN })];
    const text = toJsonLines(points);
    expect(text.split('\n')).toHaveLength(3); // two lines and a final newline
    const back = fromJsonLines(text, 'metrics.jsonl').map(checkMetricPoint);
    expect(back[0]).toEqual({ ok: true, value: points[0] });
    expect(back[1].ok && Number.isNaN(back[1].value.values.loss)).toBe(true);
  });

  it('names the line that is not JSON', () => {
    expect(() => fromJsonLines('{"a":1}\n{oops\n', 'metrics.jsonl')).toThrow('metrics.jsonl, line 2: not valid JSON');
  });
});
