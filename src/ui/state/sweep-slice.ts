// The sweep queue in the store; its rules are the pure functions of sweep.ts.
import type { StateCreator } from 'zustand';
import type { PresetId } from '../../core/config-presets';
import type { Sweep } from './sweep';
import type { LabState } from './store';

export interface SweepSlice {
  sweeps: Sweep[]; // this session's sweeps, newest last
  sweepPresets: PresetId[]; // the picker's selection
  sweepSeeds: number; // seeds per variant
  toggleSweepPreset(id: PresetId): void;
  setSweepPresets(ids: PresetId[]): void;
  setSweepSeeds(seeds: number): void;
  addSweep(sweep: Sweep): void;
  updateSweep(id: string, change: (sweep: Sweep) => Sweep): void;
}

export const createSweepSlice: StateCreator<LabState, [], [], SweepSlice> = (set) => ({
  sweeps: [],
  sweepPresets: ['baseline', 'reg'],
  sweepSeeds: 1,
  setSweepSeeds: (sweepSeeds) => set({ sweepSeeds }),
  setSweepPresets: (sweepPresets) => set({ sweepPresets }),
  toggleSweepPreset: (id) => set((s) => ({ sweepPresets: s.sweepPresets.includes(id) ? s.sweepPresets.filter((p) => p !== id) : [...s.sweepPresets, id] })),
  addSweep: (sweep) => set((s) => ({ sweeps: [...s.sweeps, sweep] })),
  updateSweep: (id, change) => set((s) => ({ sweeps: s.sweeps.map((sw) => (sw.id === id ? change(sw) : sw)) })),
});
