// Download URLs, editable: a mirror or a self-hosted copy replaces any default. Kept in
// localStorage; an empty field means the default shown as its placeholder.
import { CATALOG } from '../../data/catalog';
import type { CifarKind } from '../../data/formats';
import type { SourceOverrides } from './sources';

const FIELDS = [
  ['train', 'train parquet URL'],
  ['test', 'test parquet URL'],
  ['archive', 'tarball URL (proxy)'],
] as const;

export function SourcesEditor({ overrides, onChange }: { overrides: SourceOverrides; onChange: (next: SourceOverrides) => void }) {
  const kinds: CifarKind[] = ['cifar10', 'cifar100'];
  return (
    <details>
      <summary>Download sources (mirrors)</summary>
      {kinds.map((kind) => {
        const defaults = CATALOG[kind].sources;
        return (
          <fieldset key={kind}>
            <legend>{CATALOG[kind].name}</legend>
            {FIELDS.map(([field, label]) => {
              const placeholder = field === 'archive' ? defaults?.archive : defaults?.parquet[field];
              return (
                <label key={field} className="dataset-field">
                  <span className="dataset-note">
                    {CATALOG[kind].name} {label}
                  </span>
                  <input
                    type="text"
                    spellCheck={false}
                    inputMode="url"

                    value={overrides[kind]?.[field] ?? ''}
                    placeholder={placeholder}
                    onChange={(e) => onChange({ ...overrides, [kind]: { ...overrides[kind], [field]: e.target.value } })}
                  />
                </label>
              );
            })}
          </fieldset>
        );
      })}
    </details>
  );
}
