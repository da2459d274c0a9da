// The dataset panel alone on a page: datasets.html mounts it (development and the panel's
// browser test), and the lab can render <DatasetsStandalone /> for `?panel=datasets`.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DatasetPanel } from './DatasetPanel';

export function DatasetsStandalone() {
  return (
    <main style={{ maxWidth: 900, margin: '1.5rem auto', padding: '0 1rem' }}>
      <h1 style={{ fontFamily: 'system-ui, sans-serif' }}>Bottleneck Lab · datasets</h1>
      <DatasetPanel />
    </main>
  );
}

export function mountDatasetsStandalone(element: HTMLElement): void {
  createRoot(element).render(
    <StrictMode>
      <DatasetsStandalone />
    </StrictMode>,
  );
}
