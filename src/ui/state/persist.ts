// Where the page keeps what (the runs themselves are in IndexedDB, written by the engine):
//   localStorage 'bottleneck-lab/view'  theme, x-axis, overlay selection, baseline, run styles,
//                                        the run the header follows
//   localStorage 'bottleneck-lab/studies'  imported study.json files (study-storage.ts)
//   the URL                              the config draft and backend (shareable)
// View preferences are small and per browser; nothing here is needed to reproduce a run.
import type { LabState } from './store';
import type { Theme, XAxis } from './ui-slice';

const KEY = 'bottleneck-lab/view';

export interface ViewPrefs {
  theme?: Theme;
  xAxis?: XAxis;
  selected?: string[];
  baselineId?: string;
  styleIndex?: Record<string, number>;
  focusId?: string;
}

export function pickPrefs(s: LabState): ViewPrefs {
  return { theme: s.theme, xAxis: s.xAxis, selected: s.selected, baselineId: s.baselineId, styleIndex: s.styleIndex, focusId: s.focusId };
}

/** Parses stored prefs, dropping anything of the wrong shape (an old or hand-edited value). */
export function parsePrefs(text: string | null): ViewPrefs {
  if (!text) return {};
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    const prefs: ViewPrefs = {};
    if (raw.theme === 'light' || raw.theme === 'dark') prefs.theme = raw.theme;
    if (raw.xAxis === 'step' || raw.xAxis === 'epoch') prefs.xAxis = raw.xAxis;
    if (Array.isArray(raw.selected) && raw.selected.every((v) => typeof v === 'string')) prefs.selected = raw.selected as string[];
    if (typeof raw.baselineId === 'string') prefs.baselineId = raw.baselineId;
    if (typeof raw.focusId === 'string') prefs.focusId = raw.focusId;
    if (typeof raw.styleIndex === 'object' && raw.styleIndex !== null) {
      prefs.styleIndex = Object.fromEntries(Object.entries(raw.styleIndex).filter(([, v]) => Number.isInteger(v) && (v as number) >= 0)) as Record<
        string,
        number
      >;
    }
    return prefs;
  } catch {
    return {};
  }
}

export function loadPrefs(): ViewPrefs {
  try {
    return parsePrefs(localStorage.getItem(KEY));
  } catch {
    return {}; // storage disabled: defaults
  }
}

export function savePrefs(prefs: ViewPrefs): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // storage full or disabled: preferences are a convenience, not data
  }
}
