// Minimal, neutral styling (inline objects): the lab's theme replaces it (the main elements
// also carry class names: dataset-panel, dataset-row, dataset-progress). Colours only where
// they carry meaning (status, errors), with text that says the same thing; they are the
// lab theme's CSS variables where it is loaded (dark theme), plain values elsewhere.
import type { CSSProperties } from 'react';

export const styles = {
  panel: { fontFamily: 'system-ui, sans-serif', lineHeight: 1.45, maxWidth: 860, display: 'grid', gap: '0.75rem' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: '0.5rem' },
  row: { border: '1px solid var(--border-strong, #c9ccd1)', borderRadius: 6, padding: '0.6rem 0.8rem', display: 'grid', gap: '0.35rem' },
  rowDrop: { outline: '2px dashed var(--accent, #3b6fd8)', outlineOffset: 2 },
  rowHead: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', gap: '0.5rem 1rem' },
  name: { fontWeight: 600, margin: 0, fontSize: '1rem' },
  status: { color: 'var(--muted, #444)' },
  actions: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '0.4rem' },
  fileLabel: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '0.35rem',
    border: '1px solid var(--border-strong, #999)',
    borderRadius: 4,
    padding: '0.1rem 0.4rem',
    cursor: 'pointer',
  },
  progress: { display: 'grid', gap: '0.25rem' },
  bar: { width: '100%', height: '0.8rem' },
  small: { fontSize: '0.85rem', color: 'var(--muted, #555)' },
  messages: { display: 'grid', gap: '0.25rem', margin: 0, padding: 0, listStyle: 'none' },
  error: { color: 'var(--danger, #a01616)' },
  success: { color: 'var(--ok, #1d6b2a)' },
  info: { color: 'var(--text, #333)' },
  field: { display: 'grid', gap: '0.15rem', marginBottom: '0.4rem' },
  input: { width: '100%', fontFamily: 'monospace', fontSize: '0.8rem' },
} satisfies Record<string, CSSProperties>;
