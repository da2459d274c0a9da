// `npm run study -- --variants baseline,lmbd,discrete,sae --seeds 3 --out DIR [train flags]`:
// the paper's comparison as one command. Every variant trains with every seed on one budget,
// in parallel headless-trainer processes; then DIR/study.json, DIR/study.md and the SVG figures
// are written from the runs' logs. The same command again resumes an interrupted study.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStudyArgs, planStudy, studyUsage, type StudyArgs } from '../src/engine/study/cli';
import { conflictingRuns, runPlan, stopChildren } from './lib/study-runner';
import { collectStudy, writeStudyOutputs } from './lib/study-outputs';

function fail(message: string): never {
  process.stderr.write(`study: ${message}\n`);
  process.exit(2);
}

/** Wall time summed over every invocation of this study (a resumed study adds to it). */
function addWallSeconds(dir: string, seconds: number): number {
  const path = join(dir, 'wall-seconds.json');
  let before: number;
  try {
    before = existsSync(path) ? Number(JSON.parse(readFileSync(path, 'utf8')).seconds) || 0 : 0;
  } catch {
    before = 0;
  }
  writeFileSync(path, JSON.stringify({ seconds: before + seconds }) + '\n');
  return before + seconds;
}

async function main(): Promise<void> {
  let args: StudyArgs;
  try {
    args = parseStudyArgs(process.argv.slice(2));
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n(run with --help for every flag)`);
  }
  if (args.help) {
    process.stdout.write(studyUsage() + '\n');
    return;
  }
  const dir = resolve(args.out);
  const plan = planStudy(args);
  const { host, config } = args.train;
  const hostFlags = ['--backend', host.backend, ...(host.dataFile ? ['--data-file', resolve(host.dataFile)] : [])];
  const jobs = args.jobs ?? Math.min(availableParallelism(), plan.length);
  const label = args.label ?? `Study: ${config.method} on ${config.data.dataset}, ${args.variants.length} variants × ${args.seeds.length} seeds`;
  const conflicts = conflictingRuns(plan, dir);
  if (conflicts.length) {
    fail(
      `${dir} holds a study with other settings for ${conflicts.join(', ')} (the flags changed since it started). ` +
        "Run the original command to resume it, or use a new --out (or delete those runs' files in runs/ to retrain them).",
    );
  }
  mkdirSync(dir, { recursive: true });
  process.stderr.write(
    `study: ${plan.length} runs (${args.variants.map((v) => v.name).join(', ')} × seeds ${args.seeds.join(', ')}), ${jobs} at a time, in ${dir}\n`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stopChildren();
      process.stderr.write(`study: stopped; run the same command again to resume\n`);
      process.exit(130);
    });
  }

  const started = Date.now();
  const outcomes = await runPlan(plan, {
    dir,
    trainScript: fileURLToPath(new URL('./train.mjs', import.meta.url)),
    hostFlags,
    jobs,
    report: (line) => process.stderr.write(`study: ${line}\n`),
  });
  const wall = addWallSeconds(dir, (Date.now() - started) / 1000);
  const collected = collectStudy(dir, plan, config, label, wall);
  const written = writeStudyOutputs(dir, collected, plan);
  process.stdout.write(readFileSync(join(dir, 'study.md'), 'utf8'));
  process.stderr.write(`study: wrote ${written.join(', ')} in ${dir} (wall time ${wall.toFixed(0)} s)\n`);
  const failed = outcomes.filter((o) => o.status === 'failed');
  for (const f of failed) process.stderr.write(`study: ${f.key} failed: ${'message' in f ? f.message : ''}\n`);
  if (collected.missing.length) {
    process.stderr.write(`study: ${collected.missing.length} run(s) have no final values and are left out: ${collected.missing.join(', ')}\n`);
    process.exit(1);
  }
}

main().catch((err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
