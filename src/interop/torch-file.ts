// torch.save files (.pth, .pt, Lightning .ckpt): a zip holding `<prefix>/data.pkl`, a pickle
// that rebuilds tensors through torch._utils._rebuild_tensor_v2 from persistent ids naming
// `<prefix>/data/<key>` storage records, plus `<prefix>/version` and (PyTorch >= 2.1)
// `<prefix>/byteorder`. The pickle is read by the restricted unpickler with the globals below
// only; storages are read when a caller asks for the tensors it needs (a checkpoint's
// optimiser state is never copied out of the zip).
import { unzipSync } from 'fflate';
import { InteropError, shapeText } from './errors';
import { unpickle, type GlobalRule } from './pickle';
import { bytesPerElement, elementCount, type HostDType, type HostTensor } from './tensor';

/** One storage record of the zip: `<prefix>/data/<key>`, `numel` elements of `dtype`. */
export interface StorageRef {
  key: string;
  dtype: HostDType;
  numel: number;
}

/** A tensor as the pickle describes it: a strided view into a storage (not read yet). */
export class TensorRef {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly shape: number[],
    readonly stride: number[],
  ) {}
}

const STORAGE_TYPES: Record<string, HostDType> = {
  'torch.FloatStorage': 'float32',
  'torch.DoubleStorage': 'float64',
  'torch.HalfStorage': 'float16',
  'torch.BFloat16Storage': 'bfloat16',
  'torch.LongStorage': 'int64',
  'torch.IntStorage': 'int32',
  'torch.ShortStorage': 'int16',
  'torch.CharStorage': 'int8',
  'torch.ByteStorage': 'uint8',
  'torch.BoolStorage': 'bool',
  'torch.UntypedStorage': 'uint8',
};

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isIntList = (v: unknown): v is number[] => Array.isArray(v) && v.every(isInt);

function rebuildTensor(args: unknown[]): TensorRef {
  const [storage, offset, size, stride] = args;
  if (!(storage instanceof Object && 'key' in storage) || !isInt(offset) || !isIntList(size) || !isIntList(stride) || size.length !== stride.length) {
    throw new InteropError('its pickle calls _rebuild_tensor_v2 with arguments that do not describe a tensor');
  }
  return new TensorRef(storage as StorageRef, offset, size, stride);
}

/** A plain dict subclass (OrderedDict, Lightning's AttributeDict): built empty, filled by SETITEMS. */
const dictLike: GlobalRule = { kind: 'function', call: (args) => new Map(Array.isArray(args[0]) ? (args[0] as [unknown, unknown][]) : []) };

/**
 * Every global a state_dict or a Lightning checkpoint needs, and nothing else. Tensor
 * rebuilding and dicts are interpreted; the classes that Lightning and OmegaConf pickle into
 * `hyper_parameters` and callback states are kept as opaque records (never interpreted, never
 * turned into tensors); storage types are only ever values.
 */
export const TORCH_GLOBALS: ReadonlyMap<string, GlobalRule> = new Map<string, GlobalRule>([
  ['torch._utils._rebuild_tensor_v2', { kind: 'function', call: rebuildTensor }],
  ['torch._utils._rebuild_parameter', { kind: 'function', call: (args) => args[0] }],
  ['torch._utils._rebuild_parameter_with_state', { kind: 'function', call: (args) => args[0] }],
  ['collections.OrderedDict', dictLike],
  ['pytorch_lightning.utilities.parsing.AttributeDict', dictLike],
  ['lightning.pytorch.utilities.parsing.AttributeDict', dictLike],
  ['lightning_fabric.utilities.data.AttributeDict', dictLike],
  // Protocol 2 names Python 3's builtins module __builtin__ (fix_imports).
  ...['builtins', '__builtin__'].flatMap((m): [string, GlobalRule][] => [
    [`${m}.set`, { kind: 'function', call: (args) => new Set(Array.isArray(args[0]) ? args[0] : []) }],
    [`${m}.frozenset`, { kind: 'function', call: (args) => new Set(Array.isArray(args[0]) ? args[0] : []) }],
  ]),
  // Protocol 2 pickles Python 3 bytes as _codecs.encode(text, 'latin1').
  ['_codecs.encode', { kind: 'function', call: (args) => Uint8Array.from(String(args[0]), (c) => c.charCodeAt(0) & 0xff) }],
  ...Object.keys(STORAGE_TYPES).map((name): [string, GlobalRule] => [name, { kind: 'marker' }]),
  ...[
    'argparse.Namespace',
    'pathlib.PosixPath',
    'pathlib.WindowsPath',
    'omegaconf.dictconfig.DictConfig',
    'omegaconf.listconfig.ListConfig',
    'omegaconf.base.ContainerMetadata',
    'omegaconf.base.Metadata',
    'omegaconf.nodes.AnyNode',
    'omegaconf.nodes.StringNode',
    'omegaconf.nodes.IntegerNode',
    'omegaconf.nodes.FloatNode',
    'omegaconf.nodes.BooleanNode',
    'numpy.dtype',
    'numpy.core.multiarray.scalar',
    'numpy.core.multiarray._reconstruct',
    'numpy.ndarray',
  ].map((name): [string, GlobalRule] => [name, { kind: 'opaque' }]),
  ...['typing.Any', ...['dict', 'list', 'object', 'str', 'int', 'float', 'bool'].flatMap((t) => [`builtins.${t}`, `__builtin__.${t}`])].map(
    (name): [string, GlobalRule] => [name, { kind: 'marker' }],
  ),
]);

export interface TorchFile {
  /** The unpickled object: Maps, arrays, numbers, strings, TensorRefs, PyObjects. */
  root: unknown;
  /** The zip's record prefix ("archive" or the saved file's stem). */
  prefix: string;
  /** Reads the storages of `refs` (one pass over the zip) and returns contiguous tensors. */
  load(refs: Map<string, TensorRef>): Map<string, HostTensor>;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** Reads a torch.save file; throws InteropError (the message starts with the problem). */
export function readTorchFile(bytes: Uint8Array): TorchFile {
  if (!isZip(bytes)) {
    if (bytes[0] === 0x80 && bytes[1] <= 5) {
      throw new InteropError(
        'it is a torch.save file in the legacy format (before PyTorch 1.6, or _use_new_zipfile_serialization=False); load it in PyTorch and save it again with torch.save(obj, path)',
      );
    }
    throw new InteropError('it is neither a torch.save zip, nor a safetensors file, nor a lab checkpoint');
  }
  let small: Record<string, Uint8Array>;
  try {
    small = unzipSync(bytes, { filter: (f) => /^[^/]+\/(data\.pkl|byteorder)$/.test(f.name) });
  } catch (err) {
    throw new InteropError(`its zip cannot be read (${err instanceof Error ? err.message : String(err)})`);
  }
  const pickles = Object.keys(small).filter((n) => n.endsWith('/data.pkl'));
  if (pickles.length !== 1) throw new InteropError(`a torch.save zip holds one <name>/data.pkl; this one holds ${pickles.length}`);
  const prefix = pickles[0].slice(0, -'/data.pkl'.length);
  const order = small[`${prefix}/byteorder`];
  if (order && new TextDecoder().decode(order).trim() !== 'little') {
    throw new InteropError('it was saved on a big-endian machine; load and save it again on a little-endian one (x86, ARM)');
  }
  const storages = new Map<string, StorageRef>();
  const root = unpickle(small[pickles[0]], {
    globals: TORCH_GLOBALS,
    persistentLoad: (pid) => {
      const [kind, type, key, , numel] = Array.isArray(pid) ? pid : [];
      const dtype = type && typeof type === 'object' && 'dotted' in type ? STORAGE_TYPES[(type as { dotted: string }).dotted] : undefined;
      if (kind !== 'storage' || !dtype || typeof key !== 'string' || !isInt(numel)) {
        throw new InteropError('its pickle refers to a storage in a form torch.save does not write');
      }
      let ref = storages.get(key);
      if (!ref) storages.set(key, (ref = { key, dtype, numel }));
      return ref;
    },
  });
  return { root, prefix, load: (refs) => loadTensors(bytes, prefix, refs) };
}

function loadTensors(bytes: Uint8Array, prefix: string, refs: Map<string, TensorRef>): Map<string, HostTensor> {
  const wanted = new Set([...refs.values()].map((r) => `${prefix}/data/${r.storage.key}`));
  const files = unzipSync(bytes, { filter: (f) => wanted.has(f.name) });
  const out = new Map<string, HostTensor>();
  for (const [name, ref] of refs) {
    const record = files[`${prefix}/data/${ref.storage.key}`];
    if (!record) throw new InteropError(`${name}: its storage ${prefix}/data/${ref.storage.key} is missing from the zip`);
    out.set(name, gather(name, ref, record));
  }
  return out;
}

/** Copies a strided view out of its storage into a contiguous row-major tensor. */
function gather(name: string, ref: TensorRef, storage: Uint8Array): HostTensor {
  const { dtype, numel } = ref.storage;
  const size = bytesPerElement(dtype);
  if (storage.byteLength < numel * size)
    throw new InteropError(`${name}: its storage holds ${storage.byteLength} bytes, fewer than its ${numel} elements need`);
  const count = elementCount(ref.shape);
  const out = new Uint8Array(count * size);
  if (count === 0) return { dtype, shape: ref.shape, bytes: out };
  // The largest element index the view touches must lie inside the storage.
  const last = ref.offset + ref.shape.reduce((s, d, i) => s + (d - 1) * ref.stride[i], 0);
  if (last >= numel) throw new InteropError(`${name}: a view of shape ${shapeText(ref.shape)} reaches element ${last} of a storage of ${numel}`);
  const contiguous = ref.shape.every((_, i) => ref.shape[i] === 1 || ref.stride[i] === elementCount(ref.shape.slice(i + 1)));
  if (contiguous) {
    out.set(storage.subarray(ref.offset * size, (ref.offset + count) * size));
    return { dtype, shape: ref.shape, bytes: out };
  }
  const index = new Array<number>(ref.shape.length).fill(0);
  for (let i = 0; i < count; i++) {
    let source = ref.offset;
    for (let d = 0; d < index.length; d++) source += index[d] * ref.stride[d];
    out.set(storage.subarray(source * size, (source + 1) * size), i * size);
    for (let d = index.length - 1; d >= 0; d--) {
      if (++index[d] < ref.shape[d]) break;
      index[d] = 0;
    }
  }
  return { dtype, shape: ref.shape, bytes: out };
}
