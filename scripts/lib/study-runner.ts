// Runs a study's plan as headless-trainer processes, `jobs` at a time (the wasm backend uses
// one core per process, so one process per core fills the machine). Each run keeps its files in
// DIR/runs/<variant>-seed<seed>.*: config.json (what it trains), zip (its checkpoint, written
// every checkpointEvery steps), jsonl (its stdout), log (its stderr) and done (written when the
// trainer exits cleanly). Run again, a finished run is skipped, one with a checkpoint resumes
// from it, and one without starts over: an interrupted study continues where it stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flattenConfig, formatLeaf } from '../../src/core/config-paths';
import type { PlannedRun } from '../../src/engine/study/cli';

export interface RunFiles {
  config: string;
  checkpoint: string;
  log: string;
  stderr: string;
  done: string;
}

export function runFiles(dir: string, key: string): RunFiles {
  const stem = join(dir, 'runs', key);
  return { config: `${stem}.config.json`, checkpoint: `${stem}.zip`, log: `${stem}.jsonl`, stderr: `${stem}.log`, done: `${stem}.done` };
}

export interface RunnerOptions {
  dir: string;
  trainScript: string; // the built headless trainer (.build/node/train.mjs)
  hostFlags: string[]; // --backend, --data-file: passed to every process, fresh or resumed
  jobs: number;
  report: (line: string) => void;
}

export type RunOutcome = { key: string; status: 'done' | 'skipped' } | { key: string; status: 'failed'; message: string };

/** Every config leaf as --path=value: the trainer rebuilds exactly this config. */
export function configFlags(run: PlannedRun): string[] {
  return flattenConfig(run.config).map(([path, value]) => `--${path}=${formatLeaf(value)}`);
}

/** Cuts a log back to its last complete line (a process killed mid-write leaves half a line). */
function trimToLastLine(path: string): void {
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  if (end < text.length) truncateSync(path, Buffer.byteLength(text.slice(0, end)));
}

const children = new Set<ChildProcess>();

/** Ends the trainer processes this study started (on Ctrl-C or a kill of the study). */
export function stopChildren(): void {
  for (const child of children) child.kill('SIGTERM');
}

async function runOne(run: PlannedRun, options: RunnerOptions, index: number, total: number): Promise<RunOutcome> {
  const files = runFiles(options.dir, run.key);
  const planned = JSON.stringify(run.config, null, 1);
  if (existsSync(files.done)) return { key: run.key, status: 'skipped' };
  const resume = existsSync(files.checkpoint);
  if (resume) trimToLastLine(files.log);
  else {
    writeFileSync(files.config, planned);
    writeFileSync(files.log, ''); // a run without a checkpoint starts over
  }
  const args = resume ? ['--resume', files.checkpoint, '--out', files.checkpoint] : [...configFlags(run), '--out', files.checkpoint];
  options.report(`[${index + 1}/${total}] ${run.key}: ${resume ? 'resuming from its checkpoint' : 'training'}`);
  const started = Date.now();
  const out = openSync(files.log, 'a');
  const err = openSync(files.stderr, 'a');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--enable-source-maps', options.trainScript, ...args, ...options.hostFlags], { stdio: ['ignore', out, err] });
      children.add(child);
      child.on('error', reject);
      child.on('exit', (c) => (children.delete(child), resolve(c)));
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (code !== 0) {
      const tail = readFileSync(files.stderr, 'utf8').trim().split('\n').slice(-3).join(' | ');
      return { key: run.key, status: 'failed', message: `the trainer exited with code ${code} after ${seconds} s: ${tail} (see ${files.stderr})` };
    }
    writeFileSync(files.done, JSON.stringify({ finishedAt: new Date().toISOString() }) + '\n');
    options.report(`[${index + 1}/${total}] ${run.key}: done in ${seconds} s`);
    return { key: run.key, status: 'done' };
  } finally {
    closeSync(out);
    closeSync(err);
  }
}

/**
 * Runs of the plan whose directory already holds another config (the flags changed since the
 * study started). Checked before anything trains or is written: mixing budgets in one study
 * would make its comparison meaningless.
 */
export function conflictingRuns(plan: readonly PlannedRun[], dir: string): string[] {
  return plan
    .filter((run) => {
      const path = runFiles(dir, run.key).config;
      return existsSync(path) && readFileSync(path, 'utf8') !== JSON.stringify(run.config, null, 1);
    })
    .map((run) => run.key);
}

/** Trains every run of the plan that is not done yet, `jobs` at a time, in plan order. */
export async function runPlan(plan: readonly PlannedRun[], options: RunnerOptions): Promise<RunOutcome[]> {
  mkdirSync(join(options.dir, 'runs'), { recursive: true });
  const outcomes: RunOutcome[] = new Array(plan.length);
  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const i = next++;
      outcomes[i] = await runOne(plan[i], options, i, plan.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, plan.length)) }, worker));
  return outcomes;
}
