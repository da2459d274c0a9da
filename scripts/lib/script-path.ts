// Paths of files under scripts/ from a script that may run bundled (.build/node) or unbundled.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `relative` under the repository's scripts/ folder (npm scripts run from the repository root). */
export function scriptPath(relative: string): string {
  const path = resolve(join(process.cwd(), 'scripts', relative));
  if (!existsSync(path)) throw new Error(`${path} not found: run the benchmarks from the repository root (npm run ...)`);
  return path;
}
