// Page start-up: the config from the link, view preferences and imported studies from
// localStorage, the engine worker and the runs in IndexedDB; then the store is kept mirrored
// into the URL, the prefs and the stored studies.
import { EngineClient } from '../engine/client';
import { RunsDb } from '../engine/storage/runs-db';
import { LabController } from './controller/controller';
import { probeGpuLimits } from './controller/gpu-probe';
import { loadPrefs, pickPrefs, savePrefs } from './state/persist';
import { labStore } from './state/store';
import { loadImportedStudies, saveImportedStudies } from './state/study-storage';
import { decodeLink, encodeLink } from './state/url-codec';

function initialTheme(stored: 'light' | 'dark' | undefined): 'light' | 'dark' {
  if (stored) return stored;
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Writes `fn`'s effect at most once per `ms` (URL and prefs need not follow every keystroke). */
function debounce(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

export function bootLab(): LabController {
  const link = decodeLink(location.search);
  const prefs = loadPrefs();
  labStore.setState({
    draft: link.config,
    backend: link.backend,
    linkProblems: link.problems,
    theme: initialTheme(prefs.theme),
    xAxis: prefs.xAxis ?? 'step',
    selected: prefs.selected ?? [],
    baselineId: prefs.baselineId,
    styleIndex: prefs.styleIndex ?? {},
    focusId: prefs.focusId,
  });
  const imported = loadImportedStudies();
  labStore.setState({ importedStudies: imported.studies });
  for (const message of imported.problems) labStore.getState().pushNotice({ kind: 'page', message });

  const lab = new LabController({ engine: new EngineClient(), db: RunsDb.open() });
  lab
    .loadRuns()
    .catch((err: unknown) =>
      labStore.getState().pushNotice({ kind: 'page', message: `Stored runs could not be read: ${err instanceof Error ? err.message : String(err)}` }),
    );
  void probeGpuLimits().then((limits) => labStore.getState().setGpuLimits(limits));
  // A hidden page may be discarded, and a closing one takes its worker with it: checkpoint first.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') lab.saveTrainingRun();
  });
  window.addEventListener('pagehide', () => lab.saveTrainingRun());

  const writeUrl = debounce(() => {
    const { draft, backend } = labStore.getState();
    const query = encodeLink(draft, backend);
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  }, 150);
  const writePrefs = debounce(() => savePrefs(pickPrefs(labStore.getState())), 300);
  labStore.subscribe((s, prev) => {
    if (s.draft !== prev.draft || s.backend !== prev.backend) writeUrl();
    if (s.importedStudies !== prev.importedStudies) {
      const problem = saveImportedStudies(s.importedStudies);
      if (problem) s.pushNotice({ kind: 'page', message: problem });
    }
    if (
      s.theme !== prev.theme ||
      s.xAxis !== prev.xAxis ||
      s.selected !== prev.selected ||
      s.baselineId !== prev.baselineId ||
      s.focusId !== prev.focusId ||
      s.styleIndex !== prev.styleIndex
    )
      writePrefs();
  });
  return lab;
}
