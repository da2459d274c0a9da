// The one error type of the interop layer: a file that cannot be read or mapped, phrased for
// the person who chose it (what is wrong, which key or global, what to do). Hosts show the
// message as it is.
export class InteropError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InteropError';
  }
}

/** Shapes as people read them: [64, 3, 3, 3]. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
