// Which compute backend runs train on, and the self-check that compares it with the CPU
// backend (its names and test ids are what e2e/webgpu-worker.e2e.ts drives).
import { useId } from 'react';
import type { BackendPreference } from '../../../engine/backends/types';
import { useLab } from '../../state/store';
import { useController } from '../services';
import { MemoryEstimate } from './MemoryEstimate';

const OPTIONS: { value: BackendPreference; label: string }[] = [
  { value: 'auto', label: 'auto (best available)' },
  { value: 'webgpu', label: 'webgpu' },
  { value: 'webgl', label: 'webgl' },
  { value: 'wasm', label: 'wasm' },
  { value: 'cpu', label: 'cpu' },
];

export function BackendSection() {
  const lab = useController();
  const backend = useLab((s) => s.backend);
  const setBackend = useLab((s) => s.setBackend);
  const selfTest = useLab((s) => s.selfTest);
  const ready = useLab((s) => s.engine.ready);
  const hintId = useId();
  const { result, error, busy } = selfTest;
  return (
    <div className="backend-box">
      <div className="field">
        <label htmlFor={`${hintId}-select`}>Backend</label>
        <select id={`${hintId}-select`} value={backend} aria-describedby={hintId} onChange={(e) => setBackend(e.target.value as BackendPreference)}>
          {OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <span id={hintId} className="field-hint">
          auto prefers a real GPU; on a software (SwiftShader) adapter it picks wasm, which is faster there.
        </span>
      </div>
      <MemoryEstimate />
      <button type="button" className="secondary" onClick={() => void lab.selfTest(backend)} disabled={busy || !ready}>
        Check backend
      </button>
      <div role="status" aria-live="polite" data-testid="self-test" className="self-test">
        {busy && 'Checking…'}
        {error && <span data-testid="self-test-error">{error}</span>}
        {result && !busy && (
          <span data-testid="self-test-result" data-backend={result.backend.name} data-max-rel-diff={result.maxRelDiff}>
            {result.backend.name} ({result.backend.reason}) agrees with the CPU backend to a relative {result.maxRelDiff.toExponential(2)} in{' '}
            {result.millis.toFixed(0)} ms.
          </span>
        )}
      </div>
    </div>
  );
}
