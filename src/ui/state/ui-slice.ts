// View preferences: theme, the charts' x-axis (global, with a per-chart override) and which
// charts show their table instead of the plot.
import type { StateCreator } from 'zustand';
import type { LabState } from './store';

export type Theme = 'light' | 'dark';
export type XAxis = 'step' | 'epoch';

export interface UiSlice {
  theme: Theme;
  xAxis: XAxis;
  chartX: Record<string, XAxis>;
  chartTable: Record<string, boolean>;
  setTheme(theme: Theme): void;
  setXAxis(x: XAxis): void; // all charts
  setChartX(chartId: string, x: XAxis): void;
  toggleChartTable(chartId: string): void;
}

export const createUiSlice: StateCreator<LabState, [], [], UiSlice> = (set) => ({
  theme: 'light',
  xAxis: 'step',
  chartX: {},
  chartTable: {},
  setTheme: (theme) => set({ theme }),
  setXAxis: (xAxis) => set({ xAxis, chartX: {} }),
  setChartX: (chartId, x) => set((s) => ({ chartX: { ...s.chartX, [chartId]: x } })),
  toggleChartTable: (chartId) => set((s) => ({ chartTable: { ...s.chartTable, [chartId]: !s.chartTable[chartId] } })),
});
