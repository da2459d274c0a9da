// The two views' augmentation recipes side by side (SimCLR symmetric, Barlow asymmetric).
import type { ViewAugmentation } from '../../../core/config';
import { TextField } from './fields';
import { Section } from './Section';

const ROWS: { key: keyof ViewAugmentation; label: string }[] = [
  { key: 'cropScale', label: 'Crop scale (min, max)' },
  { key: 'flipProb', label: 'Flip probability' },
  { key: 'jitterProb', label: 'Colour jitter probability' },
  { key: 'brightness', label: 'Brightness' },
  { key: 'contrast', label: 'Contrast' },
  { key: 'saturation', label: 'Saturation' },
  { key: 'hue', label: 'Hue' },
  { key: 'grayscaleProb', label: 'Grayscale probability' },
  { key: 'blurProb', label: 'Blur probability' },
  { key: 'solarizeProb', label: 'Solarise probability' },
];

export function AugmentationSection() {
  return (
    <Section title="Augmentation" paths={['aug']}>
      <table className="aug-table">
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">View 1</th>
            <th scope="col">View 2</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {[0, 1].map((view) => (
                <td key={view}>
                  <TextField
                    path={`aug.views.${view}.${row.key}`}
                    label={`View ${view + 1}: ${row.label.toLowerCase()}`}
                    hideLabel
                    inputMode={row.key === 'cropScale' ? 'text' : 'decimal'}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
