// Failures in words a person can act on. The backends fail in their own words: a wasm heap that
// runs out aborts ("Aborted(). Build with -sASSERTIONS for more info."), an allocation V8 refuses
// says "Invalid typed array length: 12800000000", a GPU buffer over the device's limit names a
// WebGPU rule. None of that says what happened or what to do; this maps the known ones to a
// sentence that does, keeping the engine's text at the end for a bug report.
import type { RunConfig } from '../core/config';
import { estimateMemory, formatBytes } from '../core/config-memory';
import { backendMemoryLimits } from '../core/config-memory-limits';

const OUT_OF_MEMORY = [
  /Aborted\(/,
  /out of memory/i,
  /Array buffer allocation failed/i,
  /Invalid typed array length/i,
  /Maximum memory size exceeded/i,
  /memory access out of bounds/i,
  /table index is out of bounds/i,
  /Cannot allocate Wasm memory/i,
  /WebAssembly\.Memory/i,
  /Requested texture size .* greater than/i,
  /exceeds the max(imum)? buffer size/i,
  /maxStorageBufferBindingSize|maxBufferSize/,
  /Failed to allocate|allocation failed/i,
];

const BAD_SHAPE = [/Tensor must have a shape comprised of positive integers/i, /Size must be a non-negative integer/i, /shape .* must be positive/i];

const RAW_KEPT = 200;

function rawText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > RAW_KEPT ? `${text.slice(0, RAW_KEPT)}…` : text;
}

export interface FailureContext {
  backend?: string;
  config?: RunConfig;
  /** What was going on: "training", "evaluating", "starting the run". */
  doing?: string;
}

/** True when the engine's text is one of the known ways a backend runs out of memory. */
export function isOutOfMemory(err: unknown): boolean {
  const text = err instanceof Error ? err.message : String(err);
  return OUT_OF_MEMORY.some((p) => p.test(text));
}

/** The failure as a sentence that says what happened and what to do (the raw text in brackets). */
export function explainFailure(err: unknown, context: FailureContext = {}): string {
  const raw = rawText(err);
  const where = `${context.doing ? `while ${context.doing}` : ''}${context.backend ? ` on ${context.backend}` : ''}`.trim();
  if (isOutOfMemory(err)) {
    let sizes = '';
    if (context.config && context.backend) {
      try {
        const estimate = estimateMemory(context.config, context.backend);
        const limit = backendMemoryLimits(context.backend).device;
        sizes = ` This config needs about ${formatBytes(estimate.device)} by the lab's estimate (${context.backend}: ${formatBytes(limit.bytes)}${limit.known ? '' : ' assumed'}).`;
      } catch {
        // an estimate of a config that broke the engine is a nicety, never a second failure
      }
    }
    return (
      `The compute backend ran out of memory${where ? ` ${where}` : ''}.${sizes} Lower train.batchSize, the encoder's channels or the projector's ` +
      `dims and start again, or pick a backend with more memory (a GPU). Stored runs and checkpoints are unaffected. (Engine: ${raw})`
    );
  }
  if (BAD_SHAPE.some((p) => p.test(raw))) {
    return (
      `The model could not be built for these settings${where ? ` ${where}` : ''}: a layer came out with an empty or invalid size. ` +
      `Check the encoder and projector sizes against the batch. (Engine: ${raw})`
    );
  }
  return raw;
}
