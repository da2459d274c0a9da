// What the engine is doing right now, per run (from `progress` and `backend` events), the
// engine's own state, failures to show, and the sentence the live status region reads out.
import type { StateCreator } from 'zustand';
import type { BackendReport } from '../../engine/backends/types';
import type { EngineErrorKind, EnginePhase, SelfTestResult } from '../../engine/protocol';
import type { RunStatus } from '../../engine/run-types';
import type { LabState } from './store';

export interface LiveRun {
  status: RunStatus;
  phase?: EnginePhase;
  step: number;
  totalSteps: number;
  epoch: number;
  message?: string;
  backend?: BackendReport;
  updatedAt: number; // ms, the page's clock
}

export interface Notice {
  id: number;
  runId?: string;
  kind: EngineErrorKind | 'page';
  message: string;
}

export interface EngineSlice {
  engine: { ready: boolean; version?: number; faultInjection: boolean; crashed?: string };
  live: Record<string, LiveRun>;
  lastBackend?: BackendReport; // the newest report of any run or self-test
  selfTest: { busy: boolean; result?: SelfTestResult; error?: string };
  notices: Notice[];
  announcement: string;
  setEngineReady(version: number, faultInjection: boolean): void;
  setEngineCrashed(message: string): void;
  applyProgress(runId: string, progress: Omit<LiveRun, 'updatedAt' | 'backend'>, now: number): void;
  applyBackend(runId: string | undefined, report: BackendReport): void;
  setLiveStatus(runId: string, status: RunStatus, message?: string): void;
  setSelfTest(selfTest: EngineSlice['selfTest']): void;
  pushNotice(notice: Omit<Notice, 'id'>): void;
  dismissNotice(id: number): void;
  announce(text: string): void;
}

let noticeCounter = 0;
const MAX_NOTICES = 5;

export const createEngineSlice: StateCreator<LabState, [], [], EngineSlice> = (set) => ({
  engine: { ready: false, faultInjection: false },
  live: {},
  lastBackend: undefined,
  selfTest: { busy: false },
  notices: [],
  announcement: '',
  setEngineReady: (version, faultInjection) => set({ engine: { ready: true, version, faultInjection } }),
  setEngineCrashed: (crashed) => set((s) => ({ engine: { ...s.engine, ready: false, crashed } })),
  applyProgress: (runId, progress, now) => set((s) => ({ live: { ...s.live, [runId]: { ...s.live[runId], ...progress, updatedAt: now } } })),
  applyBackend: (runId, report) =>
    set((s) => {
      if (!runId) return { lastBackend: report };
      const current = s.live[runId] ?? { status: 'running' as RunStatus, step: 0, totalSteps: 0, epoch: 0, updatedAt: 0 };
      return { lastBackend: report, live: { ...s.live, [runId]: { ...current, backend: report } } };
    }),
  setLiveStatus: (runId, status, message) =>
    set((s) => {
      const current = s.live[runId];
      return current ? { live: { ...s.live, [runId]: { ...current, status, message: message ?? current.message, phase: undefined } } } : s;
    }),
  setSelfTest: (selfTest) => set({ selfTest }),
  pushNotice: (notice) => set((s) => ({ notices: [...s.notices, { ...notice, id: ++noticeCounter }].slice(-MAX_NOTICES) })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  announce: (announcement) => set({ announcement }),
});
