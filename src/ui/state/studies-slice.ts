// Studies imported from study.json files (a headless `npm run study` or another browser's
// export). They hold final values only (no curves), and are shown in the study table and the
// scatter beside this browser's own studies. Kept in localStorage (study-storage.ts).
import type { StateCreator } from 'zustand';
import type { StudyJson } from '../../engine/study/types';
import type { LabState } from './store';

export interface ImportedStudy {
  id: string;
  fileName: string;
  study: StudyJson;
}

export interface StudiesSlice {
  importedStudies: ImportedStudy[]; // oldest first
  addImportedStudy(study: ImportedStudy): void;
  removeImportedStudy(id: string): void;
}

export const createStudiesSlice: StateCreator<LabState, [], [], StudiesSlice> = (set) => ({
  importedStudies: [],
  addImportedStudy: (study) => set((s) => ({ importedStudies: [...s.importedStudies, study] })),
  removeImportedStudy: (id) => set((s) => ({ importedStudies: s.importedStudies.filter((st) => st.id !== id) })),
});
