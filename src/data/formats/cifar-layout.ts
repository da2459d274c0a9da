// What the real CIFAR files contain: member names of the Toronto binary tarballs, record
// layouts, and the canonical class names (used when a Hugging Face parquet file lacks its
// `huggingface` metadata; the tarballs bring their own meta files).
import { IMAGE_BYTES } from '../types';
import { OtherCifarError } from './errors';

export type CifarKind = 'cifar10' | 'cifar100';

export type MemberRole = 'train' | 'test' | 'names' | 'coarse-names';

export interface MemberSpec {
  file: string; // base name inside `dir`
  role: MemberRole;
  slot: number; // order within its split (data_batch_1 → 0)
}

export interface CifarLayout {
  kind: CifarKind;
  name: string; // for people
  dir: string; // the directory every member lives in
  labelBytes: 1 | 2; // label bytes before the 3072 pixel bytes
  recordBytes: number;
  numClasses: number; // fine classes for CIFAR-100
  numCoarse: number; // 0 for CIFAR-10
  trainSlots: number;
  members: MemberSpec[];
}

const CIFAR10: CifarLayout = {
  kind: 'cifar10',
  name: 'CIFAR-10',
  dir: 'cifar-10-batches-bin',
  labelBytes: 1,
  recordBytes: 1 + IMAGE_BYTES, // 3073
  numClasses: 10,
  numCoarse: 0,
  trainSlots: 5,
  members: [
    ...[1, 2, 3, 4, 5].map((n): MemberSpec => ({ file: `data_batch_${n}.bin`, role: 'train', slot: n - 1 })),
    { file: 'test_batch.bin', role: 'test', slot: 0 },
    { file: 'batches.meta.txt', role: 'names', slot: 0 },
  ],
};

const CIFAR100: CifarLayout = {
  kind: 'cifar100',
  name: 'CIFAR-100',
  dir: 'cifar-100-binary',
  labelBytes: 2, // coarse, then fine
  recordBytes: 2 + IMAGE_BYTES, // 3074
  numClasses: 100,
  numCoarse: 20,
  trainSlots: 1,
  members: [
    { file: 'train.bin', role: 'train', slot: 0 },
    { file: 'test.bin', role: 'test', slot: 0 },
    { file: 'fine_label_names.txt', role: 'names', slot: 0 },
    { file: 'coarse_label_names.txt', role: 'coarse-names', slot: 0 },
  ],
};

export function cifarLayout(kind: CifarKind): CifarLayout {
  return kind === 'cifar10' ? CIFAR10 : CIFAR100;
}

/**
 * The spec for a tar member, matched on "<dir>/<file>" at the end of its path, so that
 * "./cifar-10-batches-bin/…" or a repacked "downloads/cifar-10-batches-bin/…" are accepted.
 */
export function findMember(layout: CifarLayout, path: string): MemberSpec | undefined {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length < 2 || parts[parts.length - 2] !== layout.dir) return undefined;
  const base = parts[parts.length - 1];
  return layout.members.find((m) => m.file === base);
}

/**
 * When `path` is a member of the other CIFAR's archive (cifar-100-binary/train.bin met while
 * reading CIFAR-10), that other layout; undefined otherwise. Lets a parser say "this is
 * CIFAR-100" at the first member instead of "members missing" after reading 170 MB.
 */
export function otherCifarMember(layout: CifarLayout, path: string): CifarLayout | undefined {
  const other = cifarLayout(layout.kind === 'cifar10' ? 'cifar100' : 'cifar10');
  return findMember(other, path) ? other : undefined;
}

/** The error for a tar member of the other CIFAR's archive (see otherCifarMember). */
export function otherCifarArchiveError(fileName: string, layout: CifarLayout, other: CifarLayout, path: string): OtherCifarError {
  return new OtherCifarError(fileName, other.kind, `this is the ${other.name} binary archive, not ${layout.name}: it holds ${path}`);
}

/** One name per non-empty line (the real meta files end with blank lines). */
export function parseNameList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

export const CIFAR100_CLASSES = (
  'apple aquarium_fish baby bear beaver bed bee beetle bicycle bottle bowl boy bridge bus butterfly camel can ' +
  'castle caterpillar cattle chair chimpanzee clock cloud cockroach couch crab crocodile cup dinosaur dolphin ' +
  'elephant flatfish forest fox girl hamster house kangaroo keyboard lamp lawn_mower leopard lion lizard lobster ' +
  'man maple_tree motorcycle mountain mouse mushroom oak_tree orange orchid otter palm_tree pear pickup_truck ' +
  'pine_tree plain plate poppy porcupine possum rabbit raccoon ray road rocket rose sea seal shark shrew skunk ' +
  'skyscraper snail snake spider squirrel streetcar sunflower sweet_pepper table tank telephone television ' +
  'tiger tractor train trout tulip turtle wardrobe whale willow_tree wolf woman worm'
).split(' ');

export const CIFAR100_COARSE_CLASSES = (
  'aquatic_mammals fish flowers food_containers fruit_and_vegetables household_electrical_devices ' +
  'household_furniture insects large_carnivores large_man-made_outdoor_things large_natural_outdoor_scenes ' +
  'large_omnivores_and_herbivores medium_mammals non-insect_invertebrates people reptiles small_mammals trees ' +
  'vehicles_1 vehicles_2'
).split(' ');
