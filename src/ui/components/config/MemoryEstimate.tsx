// The memory the draft config needs, beside the backend it will run on: the training step's peak
// against what that backend can hold, the evaluation's, and the page's own arrays. The same
// estimate refuses a config that cannot fit (validation and the engine); here it is shown before
// that happens, with its largest parts, so a person sees which setting costs what.
import { useMemo } from 'react';
import { estimateMemory, formatBytes } from '../../../core/config-memory';
import { validateConfig } from '../../../core/config-validate';
import { memoryLimitsFor, predictBackend } from '../../controller/memory-limits';
import { useLab } from '../../state/store';

const PARTS_SHOWN = 4;

export function MemoryEstimate() {
  const draft = useLab((s) => s.draft);
  const preference = useLab((s) => s.backend);
  const lastBackend = useLab((s) => s.lastBackend?.name);
  const gpuLimits = useLab((s) => s.gpuLimits);
  const view = useMemo(() => {
    if (validateConfig(draft).length) return undefined; // the estimate needs sane numbers
    const backend = predictBackend(preference, lastBackend, gpuLimits);
    const limits = memoryLimitsFor(backend, gpuLimits);
    const estimate = estimateMemory(draft, backend);
    const parts = [...estimate.trainParts].sort((a, b) => b.bytes - a.bytes).slice(0, PARTS_SHOWN);
    return { backend, limits, estimate, parts };
  }, [draft, preference, lastBackend, gpuLimits]);
  if (!view) return null;
  const { backend, limits, estimate, parts } = view;
  const over = limits && estimate.device > limits.device.bytes;
  return (
    <div className="memory-estimate" data-testid="memory-estimate" data-bytes={Math.round(estimate.device)} data-backend={backend ?? ''}>
      <p>
        <strong>Memory</strong> (estimated): {formatBytes(estimate.train)} per training step, {formatBytes(estimate.evaluation)} per evaluation
        {limits ? (
          <>
            {' '}
            on {backend}, which holds{limits.device.known ? '' : ' about'}{' '}
            <span className={over ? 'memory-over' : undefined}>{formatBytes(limits.device.bytes)}</span>
            {limits.device.known ? '' : ' (assumed: browsers do not report it)'}
          </>
        ) : (
          ' (the backend is not known yet)'
        )}
        ; {formatBytes(estimate.host)} for the dataset and features.
      </p>
      <details>
        <summary>Largest parts of a step</summary>
        <ul>
          {parts.map((p) => (
            <li key={p.what}>
              {p.what}: {formatBytes(p.bytes)} <span className="muted">({p.setting})</span>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
