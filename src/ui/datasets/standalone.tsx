// The dataset panel alone on a page: datasets.html mounts it (development and the panel's
// browser test), and the lab can render <DatasetsStandalone /> for `?panel=datasets`.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DatasetPanel } from './DatasetPanel';
import '../styles/datasets.css';

export function DatasetsStandalone() {
  return (
    <main className="datasets-standalone">
      <h1>Bottleneck Lab · datasets</h1>
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
