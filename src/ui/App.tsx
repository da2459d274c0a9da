import { useEffect, useRef, useState } from 'react';
import { EngineClient } from '../engine/client';
import type { SelfTestResult } from '../engine/protocol';
import type { BackendPreference } from '../engine/backends/types';

// A first page: the backend self-check. The full lab replaces it (issue 5).
export function App() {
  const engine = useRef<EngineClient | null>(null);
  const [preference, setPreference] = useState<BackendPreference>('webgpu');
  const [result, setResult] = useState<SelfTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    engine.current = new EngineClient();
    return () => engine.current?.terminate();
  }, []);

  async function runSelfTest() {
    if (!engine.current) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await engine.current.request({ type: 'selfTest', backend: preference }, (e) => (e.type === 'selfTestResult' ? e.result : undefined));
      setResult(r);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '2rem auto', lineHeight: 1.5 }}>
      <h1>Bottleneck Lab</h1>
      <p>
        Contrastive learning in your browser: see how the projection head acts as an information bottleneck between the
        encoder's features (Z1) and the projector's output (Z2).
      </p>
      <label>
        Backend{' '}
        <select value={preference} onChange={(e) => setPreference(e.target.value as BackendPreference)}>
          <option value="auto">auto</option>
          <option value="webgpu">webgpu</option>
          <option value="webgl">webgl</option>
          <option value="wasm">wasm</option>
          <option value="cpu">cpu</option>
        </select>
      </label>{' '}
      <button onClick={runSelfTest} disabled={busy}>
        Check backend
      </button>
      <div role="status" aria-live="polite" data-testid="self-test">
        {busy && 'Checking…'}
        {error && <span data-testid="self-test-error">{error}</span>}
        {result && (
          <span data-testid="self-test-result" data-backend={result.backend.name} data-max-rel-diff={result.maxRelDiff}>
            {result.backend.name} ({result.backend.reason}) agrees with the CPU backend to a relative {result.maxRelDiff.toExponential(2)} in{' '}
            {result.millis.toFixed(0)} ms.
          </span>
        )}
      </div>
    </main>
  );
}
