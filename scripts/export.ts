// `npm run export -- CHECKPOINT.zip --format safetensors|solo-learn-yaml [--out FILE]`: a lab
// checkpoint for the PyTorch side. safetensors: every tensor under solo-learn's state_dict names
// and PyTorch layouts, the run's config in __metadata__ (scripts/interop/lab_models.py loads it
// with load_state_dict(strict=True)). solo-learn-yaml: the run's settings as a pretrain YAML for
// the official code's main_pretrain.py.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { useNodeBackend } from '../src/engine/backends/node';
import { decodeCheckpoint } from '../src/engine/checkpoint/format';
import { parseExportArgs, type ExportArgs } from '../src/engine/interop/cli';
import { safetensorsFromCheckpoint } from '../src/engine/interop/export-weights';
import { soloLearnYaml } from '../src/interop';

function fail(message: string): never {
  process.stderr.write(`export: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let args: ExportArgs;
  try {
    args = parseExportArgs(process.argv.slice(2));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  await useNodeBackend('cpu'); // decoding only: no arithmetic worth another backend
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(args.checkpoint);
  } catch (err) {
    fail(`cannot read ${args.checkpoint}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let checkpoint;
  try {
    checkpoint = decodeCheckpoint(bytes, args.checkpoint);
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const name = args.name ?? basename(args.checkpoint).replace(/\.zip$/i, '');
  const out =
    args.format === 'safetensors' ? await safetensorsFromCheckpoint(checkpoint) : new TextEncoder().encode(soloLearnYaml(checkpoint.meta.config, name));
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(`${args.out}.partial`, out);
  renameSync(`${args.out}.partial`, args.out);
  process.stderr.write(`export: ${args.format} of ${args.checkpoint} (step ${checkpoint.meta.step}) written to ${args.out} (${out.byteLength} bytes)\n`);
}

main().catch((err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
