// The lab's layout: the explanation and Start on top, the configuration on the left; on the
// right the followed run, the run table (tick runs to overlay them), the studies (variants over
// seeds), the live charts, the accuracy-against-I(Z1;Z2) scatter and the sweep queue. Each area has its own error
// boundary, so one failing part never blanks the page.
import { useEffect } from 'react';
import { ChartsPanel } from './components/charts/ChartsPanel';
import { ScatterMiAcc } from './components/charts/ScatterMiAcc';
import { EmbeddingView } from './components/embedding/EmbeddingView';
import { BackendSection } from './components/config/BackendSection';
import { ConfigForm } from './components/config/ConfigForm';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Intro } from './components/layout/Intro';
import { Notices } from './components/layout/Notices';
import { TopBar } from './components/layout/TopBar';
import { RunHeader } from './components/RunHeader';
import { RunTable } from './components/runs/RunTable';
import { SweepPanel } from './components/sweep/SweepPanel';
import { StudyPanel } from './components/study/StudyPanel';
import { useLab } from './state/store';

export function App() {
  const theme = useLab((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  return (
    <div className="lab">
      <TopBar />
      <main className="lab-main">
        <ErrorBoundary area="notices">
          <Notices />
        </ErrorBoundary>
        <ErrorBoundary area="run controls">
          <Intro />
        </ErrorBoundary>
        <div className="lab-columns">
          <aside className="lab-config" aria-label="Configuration">
            <ErrorBoundary area="configuration form">
              <ConfigForm />
              {/* Not labelled by its heading: e2e tests find the select by the label "Backend". */}
              <div className="panel backend-panel">
                <h2 className="panel-title">Compute</h2>
                <BackendSection />
              </div>
            </ErrorBoundary>
          </aside>
          <div className="lab-results">
            <ErrorBoundary area="run header">
              <RunHeader />
            </ErrorBoundary>
            <ErrorBoundary area="run table">
              <RunTable />
            </ErrorBoundary>
            <ErrorBoundary area="studies">
              <StudyPanel />
            </ErrorBoundary>
            <ErrorBoundary area="charts">
              <ChartsPanel />
            </ErrorBoundary>
            <ErrorBoundary area="accuracy against I(Z1;Z2)">
              <ScatterMiAcc />
            </ErrorBoundary>
            <ErrorBoundary area="embeddings">
              <EmbeddingView />
            </ErrorBoundary>
            <ErrorBoundary area="sweep queue">
              <SweepPanel />
            </ErrorBoundary>
          </div>
        </div>
      </main>
    </div>
  );
}
