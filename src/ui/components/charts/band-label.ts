// What a band or error bar around a variant's mean is, in words (legends, hints, tooltips).
export function bandLabel(band: 'ci95' | 'minmax'): string {
  return band === 'ci95' ? '95% CI over seeds (t; none where n = 1)' : 'min–max over seeds';
}
