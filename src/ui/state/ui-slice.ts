// View preferences: theme, the charts' x-axis (global, with a per-chart override), which
// charts show their table instead of the plot, and whether a study's runs are drawn one by one
// or as variant means with a band.
import type { StateCreator } from 'zustand';
import type { LabState } from './store';

export type Theme = 'light' | 'dark';
export type XAxis = 'step' | 'epoch';
/** How charts show runs of one study variant: a line each, or their mean with a band. */
export type ChartGrouping = 'runs' | 'ci95' | 'minmax';

export interface UiSlice {
  theme: Theme;
  xAxis: XAxis;
  chartX: Record<string, XAxis>;
  chartTable: Record<string, boolean>;
  chartGrouping: ChartGrouping;
  setTheme(theme: Theme): void;
  setChartGrouping(grouping: ChartGrouping): void;
  setXAxis(x: XAxis): void; // all charts
  setChartX(chartId: string, x: XAxis): void;
  toggleChartTable(chartId: string): void;
}

export const createUiSlice: StateCreator<LabState, [], [], UiSlice> = (set) => ({
  theme: 'light',
  xAxis: 'step',
  chartX: {},
  chartTable: {},
  chartGrouping: 'runs',
  setTheme: (theme) => set({ theme }),
  setChartGrouping: (chartGrouping) => set({ chartGrouping }),
  setXAxis: (xAxis) => set({ xAxis, chartX: {} }),
  setChartX: (chartId, x) => set((s) => ({ chartX: { ...s.chartX, [chartId]: x } })),
  toggleChartTable: (chartId) => set((s) => ({ chartTable: { ...s.chartTable, [chartId]: !s.chartTable[chartId] } })),
});
