// Imported studies across reloads: localStorage 'bottleneck-lab/studies' holds their study.json
// texts (a few kilobytes each; IndexedDB belongs to the engine's runs). Each is read back
// through the same checks as an import, so a hand-edited or truncated entry is dropped with a
// reason, never shown half-read.
import { readStudy } from '../../engine/study/read';
import type { ImportedStudy } from './studies-slice';

const KEY = 'bottleneck-lab/studies';

export function loadImportedStudies(): { studies: ImportedStudy[]; problems: string[] } {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(localStorage.getItem(KEY) ?? '[]');
  } catch {
    return { studies: [], problems: ['The imported studies stored in this browser could not be read; import their study.json again.'] };
  }
  if (!Array.isArray(raw)) return { studies: [], problems: [] };
  const studies: ImportedStudy[] = [];
  for (const entry of raw as { id?: unknown; fileName?: unknown; text?: unknown }[]) {
    if (typeof entry?.id !== 'string' || typeof entry.fileName !== 'string' || typeof entry.text !== 'string') continue;
    try {
      studies.push({ id: entry.id, fileName: entry.fileName, study: readStudy(entry.text, entry.fileName) });
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
  return { studies, problems };
}

/** Stores the list; returns a problem to show when storage is full or disabled. */
export function saveImportedStudies(studies: readonly ImportedStudy[]): string | undefined {
  try {
    localStorage.setItem(KEY, JSON.stringify(studies.map((s) => ({ id: s.id, fileName: s.fileName, text: JSON.stringify(s.study) }))));
    return undefined;
  } catch (err) {
    return `Imported studies could not be kept for the next visit (browser storage is full or disabled: ${err instanceof Error ? err.message : String(err)}); they stay until the page is closed.`;
  }
}
