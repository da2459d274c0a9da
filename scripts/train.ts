// The headless trainer: `npm run train -- --dataset synthetic --epochs 2 --lmbd 0.1`.
// Same Trainer as the browser's worker; prints one JSON line per logging interval to stdout
// (progress and messages go to stderr) and writes a checkpoint that --resume continues.
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseTrainArgs, trainUsage, type ParsedArgs } from '../src/engine/cli-args';
import { describeNodeBackend, useNodeBackend } from '../src/engine/backends/node';
import { decodeCheckpoint } from '../src/engine/checkpoint/format';
import { Trainer, DivergedError } from '../src/engine/trainer';
import { loadDatasetForNode } from './lib/node-datasets';
import { evaluateTrainer } from '../src/engine/evaluation';
import { afterInterval } from '../src/engine/schedule';
import type { EvalResult } from '../src/engine/run-types';
import { explainFailure, type FailureContext } from '../src/engine/failure-messages';
import { detectDeadRun } from '../src/engine/dead-run';
import type { MetricPoint } from '../src/engine/run-types';
import { activeMemoryLimits, assertConfigFits, describeEstimate } from '../src/engine/memory-guard';
import { probeProtocolText } from '../src/eval/labels';

/** One JSON line for an evaluation: the numbers a person compares (Z1 vs Z2). */
function evalLine(result: EvalResult): string {
  const { z1, z2, protocol, millis } = result;
  return JSON.stringify({
    type: 'evaluation',
    step: result.step,
    epoch: result.epoch,
    z1LinearTop1: z1.linearTop1,
    z1LinearTop5: z1.linearTop5,
    z1KnnTop1: z1.knnTop1,
    z2LinearTop1: z2.linearTop1,
    z2LinearTop5: z2.linearTop5,
    z2KnnTop1: z2.knnTop1,
    trainImages: protocol.trainImages,
    testImages: protocol.testImages,
    seconds: millis / 1000,
    // Which probe produced these numbers (the lab's fast protocol, not solo-learn's): docs/method.md.
    probeProtocol: probeProtocolText(protocol),
    protocol,
  });
}

/** What the run was doing, for a failure's explanation (filled in as main learns it). */
const failureContext: FailureContext = {};

function fail(message: string): never {
  process.stderr.write(`train: ${message}\n`);
  process.exit(2);
}

function defaultOut(args: ParsedArgs): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return `runs/${args.config.method}-${args.config.data.dataset}-${stamp}.zip`;
}

/** Writes atomically: a crash mid-write never leaves a truncated checkpoint in place. */
function writeCheckpoint(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.partial`, bytes);
  renameSync(`${path}.partial`, path);
}

async function main(): Promise<void> {
  let args: ParsedArgs;
  try {
    args = parseTrainArgs(process.argv.slice(2));
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n(run with --help for every flag)`);
  }
  if (args.host.help) {
    process.stdout.write(trainUsage() + '\n');
    return;
  }
  const backend = await useNodeBackend(args.host.backend);
  failureContext.backend = backend;

  let checkpoint;
  if (args.host.resume) {
    if (args.explicit.length) fail(`--resume continues the checkpoint's own config; drop ${args.explicit.map((p) => `--${p}`).join(', ')}`);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(args.host.resume);
    } catch (err) {
      fail(`cannot read ${args.host.resume}: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      checkpoint = decodeCheckpoint(bytes, args.host.resume);
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
  }
  const config = checkpoint?.meta.config ?? args.config;
  failureContext.config = config;
  for (const warning of args.warnings) process.stderr.write(`train: warning: ${warning}\n`);
  try {
    process.stderr.write(`train: ${describeEstimate(assertConfigFits(config), activeMemoryLimits())}\n`);
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err)); // before the data is loaded
  }
  const dataset = await loadDatasetForNode(config, args.host.dataFile).catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
  const trainer = new Trainer(config, dataset, checkpoint);
  const out = args.host.out ?? args.host.resume ?? defaultOut(args);
  process.stderr.write(
    `train: ${config.method} on ${dataset.info.name} (${trainer.plan.splitSize} images, ${trainer.stepsPerEpoch} steps/epoch), ` +
      `${config.encoder.kind} encoder, backend ${await describeNodeBackend()}, step ${trainer.step}/${trainer.totalSteps}\n`,
  );

  // What the run is, once per invocation (a study reads its size and budget from it).
  process.stdout.write(
    JSON.stringify({
      type: 'run',
      step: trainer.step,
      totalSteps: trainer.totalSteps,
      stepsPerEpoch: trainer.stepsPerEpoch,
      trainImages: trainer.plan.splitSize,
      dataset: dataset.info.name,
      backend,
    }) + '\n',
  );
  if (args.host.evalAtStart) process.stdout.write(evalLine(await evaluateTrainer(trainer)) + '\n');
  const stopAt = args.host.maxSteps !== undefined ? Math.min(trainer.totalSteps, trainer.step + args.host.maxSteps) : trainer.totalSteps;
  let lastSaved = trainer.step;
  const recent: MetricPoint[] = []; // for the dead-run check, said once
  let saidDead = false;
  try {
    while (trainer.step < stopAt) {
      const before = trainer.step;
      const point = await trainer.runInterval({ maxSteps: stopAt - trainer.step });
      if (!point) break;
      process.stdout.write(
        JSON.stringify({ type: 'metrics', ...point, values: undefined, memory: undefined, tensors: point.memory.tensors, ...point.values }) + '\n',
      );
      recent.push(point);
      if (recent.length > 64) recent.shift();
      const dead = detectDeadRun(config, recent);
      if (dead && !saidDead) process.stderr.write(`train: warning: ${dead.message}\n`);
      saidDead = dead !== undefined;
      await afterInterval(
        {
          config,
          stepsPerEpoch: trainer.stepsPerEpoch,
          stepBefore: before,
          step: trainer.step,
          done: trainer.done,
          sinceSave: () => ({ steps: trainer.step - lastSaved, saved: true }), // steps only: no time-based saves here
        },
        {
          checkpoint: async () => {
            writeCheckpoint(out, await trainer.checkpoint({ backend }));
            lastSaved = trainer.step;
          },
          evaluate: async () => {
            process.stdout.write(evalLine(await evaluateTrainer(trainer)) + '\n');
          },
        },
      );
    }
  } catch (err) {
    if (err instanceof DivergedError) {
      fail(
        lastSaved > 0 || args.host.resume
          ? `${err.message} The last good checkpoint (step ${lastSaved}) is kept in ${out}.`
          : `${err.message} No checkpoint was written.`,
      );
    }
    throw err;
  }
  writeCheckpoint(out, await trainer.checkpoint({ backend }));
  process.stderr.write(`train: checkpoint at step ${trainer.step} written to ${out}\n`);
  if (trainer.done && !args.host.noFinalEval) process.stdout.write(evalLine(await evaluateTrainer(trainer)) + '\n');
  trainer.dispose();
}

main().catch((err: unknown) => {
  // A known engine failure (out of memory) in words; anything else with its stack, for a bug report.
  const explained = explainFailure(err, { ...failureContext, doing: 'training' });
  const raw = err instanceof Error ? err.message : String(err);
  fail(explained !== raw ? explained : err instanceof Error ? (err.stack ?? raw) : raw);
});
