import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { bootLab } from './ui/boot';
import { ErrorBoundary } from './ui/components/ErrorBoundary';
import { LabContext } from './ui/components/services';
import './ui/styles/theme.css';
import './ui/styles/layout.css';
import './ui/styles/forms.css';
import './ui/styles/charts.css';
import './ui/styles/tables.css';
import './ui/styles/study.css';
import './ui/styles/datasets.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lost its #root element');
const lab = bootLab();
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary area="lab">
      <LabContext.Provider value={lab}>
        <App />
      </LabContext.Provider>
    </ErrorBoundary>
  </StrictMode>,
);
