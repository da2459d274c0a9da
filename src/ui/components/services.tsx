// The controller (engine + IndexedDB commands) reaches components through context, so a page
// and a test can each supply their own.
import { createContext, useContext } from 'react';
import type { LabController } from '../controller/controller';

export const LabContext = createContext<LabController | null>(null);

export function useController(): LabController {
  const lab = useContext(LabContext);
  if (!lab) throw new Error('useController needs a <LabContext.Provider>');
  return lab;
}
