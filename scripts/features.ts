// `npm run features -- --weights FILE --data-file TAR --split test|train --limit N --out DIR`:
// Z1 and Z2 of the first N images of a split, in file order, in eval mode (BatchNorm running
// statistics, no augmentation, CIFAR-10 normalisation as interop.md says), written in the
// Embedding Projector layout: DIR/z1/vectors.tsv, DIR/z1/metadata.tsv, DIR/z2/... FILE is a
// lab checkpoint (.zip) or PyTorch weights (.ckpt, .pth, .pt, .safetensors); for PyTorch files
// the architecture is inferred from the weights and what they cannot show comes from the file's
// settings, --topk / --point-num, or the defaults (printed to stderr).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { defaultConfig, type DatasetId } from '../src/core/config';
import { archiveKindFromName } from '../src/data/catalog';
import { sliceSplit } from '../src/data/sampler';
import { useNodeBackend } from '../src/engine/backends/node';
import { parseFeaturesArgs, type FeaturesArgs } from '../src/engine/interop/cli';
import { loadModelFile } from '../src/engine/interop/load-model';
import { extractFeatures } from '../src/eval/features';
import { projectorFiles } from '../src/eval/tsv';
import { loadDatasetForNode } from './lib/node-datasets';

function fail(message: string): never {
  process.stderr.write(`features: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let args: FeaturesArgs;
  try {
    args = parseFeaturesArgs(process.argv.slice(2));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const datasetId: DatasetId | undefined = args.dataset ?? (args.dataFile ? archiveKindFromName(basename(args.dataFile)) : undefined);
  if (!datasetId) fail(`cannot tell from its name whether ${args.dataFile} is CIFAR-10 or CIFAR-100: add --dataset cifar10 or --dataset cifar100`);
  await useNodeBackend(args.backend);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(args.weights);
  } catch (err) {
    fail(`cannot read ${args.weights}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const base = defaultConfig();
  base.data.dataset = datasetId;
  let loaded;
  try {
    loaded = loadModelFile(bytes, basename(args.weights), base, (c) => {
      if (args.topK !== undefined) c.projector.sae.topK = args.topK;
      if (args.pointNum !== undefined) c.projector.pointNum = args.pointNum;
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    fail(/topK|pointNum/.test(message) ? `${message}\n(set what the file does not carry with --topk K and --point-num L)` : message);
  }
  for (const line of loaded.description) process.stderr.write(`features: ${line}\n`);
  const dataConfig = structuredClone(loaded.config);
  dataConfig.data.dataset = datasetId;
  const dataset = await loadDatasetForNode(dataConfig, args.dataFile).catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
  const split = dataset[args.split];
  const count = Math.min(args.limit, split.count);
  const features = await extractFeatures(loaded.model, sliceSplit(split, 0, count), { chunkSize: 256 });
  loaded.model.dispose();
  for (const [name, values, dim] of [
    ['z1', features.z1, features.dims.z1],
    ['z2', features.z2, features.dims.z2],
  ] as const) {
    const files = projectorFiles(values, count, dim, features.labels, dataset.info.classNames);
    mkdirSync(join(args.out, name), { recursive: true });
    writeFileSync(join(args.out, name, 'vectors.tsv'), files['vectors.tsv'].join(''));
    writeFileSync(join(args.out, name, 'metadata.tsv'), files['metadata.tsv'].join(''));
  }
  process.stderr.write(
    `features: ${count} ${args.split} images of ${dataset.info.name}: Z1 ${features.dims.z1}-d and Z2 ${features.dims.z2}-d written to ${args.out}/z1 and ${args.out}/z2\n`,
  );
}

main().catch((err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
