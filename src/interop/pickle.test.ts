import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InteropError } from './errors';
import { PickleRefusedError, PyObject, unpickle, type GlobalRule } from './pickle';
import { FIXTURES, fixture, pickleBytes, shortString } from '../test/interop-fixtures';
import { TORCH_GLOBALS } from './torch-file';
import { readWeightsFile } from './weights-file';

/** The reader's values with Python's types spelled out, as make_fixtures.py's tagged() writes them. */
function tagged(value: unknown): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return { bigint: value.toString() };
  if (value instanceof Uint8Array) return { bytes: [...value] };
  if (value instanceof Set) return { set: [...value].map(tagged).sort() };
  if (Array.isArray(value)) return value.map(tagged);
  if (value instanceof Map) return { dict: [...value].map(([k, v]) => [tagged(k), tagged(v)]) };
  throw new Error(`unexpected ${String(value)}`);
}

const none = { globals: new Map<string, GlobalRule>() };

describe('restricted unpickler', () => {
  const expected = JSON.parse(readFileSync(join(FIXTURES, 'values.json'), 'utf8')) as unknown;
  it.each([2, 4])("reads Python's protocol-%i pickle of ints, big ints, floats, text, bytes, tuples, sets, dicts", (protocol) => {
    const value = unpickle(fixture(`values-p${protocol}.pkl`), { globals: TORCH_GLOBALS });
    expect(tagged(value)).toEqual(expected);
    const shared = (value as Map<string, unknown[][]>).get('shared')!;
    expect(shared[0]).toBe(shared[1]); // the memo gives the same object twice, as Python's does
  });

  it('reads hand-assembled opcodes: signed LONG1, memo, MARK/SETITEMS', () => {
    const bytes = pickleBytes(0x80, 2, 0x7d, 0x71, 0, 0x28, shortString('a'), 0x8a, 1, 0xff, shortString('b'), 0x4a, 0xfe, 0xff, 0xff, 0xff, 0x75, 0x2e);
    expect(unpickle(bytes, none)).toEqual(
      new Map<string, number>([
        ['a', -1],
        ['b', -2],
      ]),
    );
  });

  it('keeps the classes Lightning and OmegaConf pickle into hyper_parameters as opaque records, and dict subclasses as dicts', () => {
    // NEWOBJ DictConfig() then BUILD {'_content': {'lr': 0.4}}, as copyreg's protocol-2 reduce writes it.
    const dictConfig = pickleBytes(
      0x80,
      2,
      0x63,
      'omegaconf.dictconfig\nDictConfig\n',
      0x29,
      0x81,
      0x7d,
      shortString('_content'),
      0x7d,
      shortString('lr'),
      0x47,
    );
    const lr = new Uint8Array(8);
    new DataView(lr.buffer).setFloat64(0, 0.4, false);
    const value = unpickle(pickleBytes(dictConfig, lr, 0x73, 0x73, 0x62, 0x2e), { globals: TORCH_GLOBALS });
    expect(value).toBeInstanceOf(PyObject);
    expect((value as PyObject).className).toBe('omegaconf.dictconfig.DictConfig');
    expect((value as PyObject).state).toEqual(new Map([['_content', new Map([['lr', 0.4]])]]));
    // Lightning's AttributeDict: NEWOBJ with no arguments, then SETITEMS like any dict.
    const attributes = pickleBytes(
      0x80,
      2,
      0x63,
      'lightning.pytorch.utilities.parsing\nAttributeDict\n',
      0x29,
      0x81,
      0x28,
      shortString('lr'),
      0x4b,
      3,
      0x75,
      0x2e,
    );
    expect(unpickle(attributes, { globals: TORCH_GLOBALS })).toEqual(new Map([['lr', 3]]));
  });

  it('refuses a global outside the allow-list by name, before anything is called', () => {
    // GLOBAL os\nsystem, then REDUCE with ("echo pwned",): Python would run the command.
    const bytes = pickleBytes(0x80, 2, 0x63, 'os\nsystem\n', shortString('echo pwned'), 0x85, 0x52, 0x2e);
    expect(() => unpickle(bytes, { globals: TORCH_GLOBALS })).toThrow(PickleRefusedError);
    expect(() => unpickle(bytes, { globals: TORCH_GLOBALS })).toThrow(/needs the Python global os\.system.*nothing in it was run/);
    const stacked = pickleBytes(0x80, 4, shortString('builtins'), shortString('eval'), 0x93, 0x2e); // STACK_GLOBAL
    expect(() => unpickle(stacked, { globals: TORCH_GLOBALS })).toThrow(/builtins\.eval/);
  });

  it('refuses calling a global that may only be a value (a storage type)', () => {
    const bytes = pickleBytes(0x80, 2, 0x63, 'torch\nFloatStorage\n', 0x29, 0x52, 0x2e);
    expect(() => unpickle(bytes, { globals: TORCH_GLOBALS })).toThrow(/torch\.FloatStorage \(called\)/);
  });

  it('says what is malformed: a cut-off pickle, an opcode it does not read', () => {
    expect(() => unpickle(pickleBytes(0x80, 2, 0x58, 10, 0, 0, 0, 'ab'), none)).toThrow(/malformed \(it ends inside an opcode/);
    expect(() => unpickle(pickleBytes(0x80, 2, 0x69, 'a\nb\n', 0x2e), none)).toThrow(/opcode 0x69 .* does not support/);
    expect(() => unpickle(pickleBytes(0x80, 2, 0x2e), none)).toThrow(InteropError);
  });

  it("refuses torch.save's classic payload in a real file: os.system pickled by PyTorch (posix.system)", () => {
    expect(() => readWeightsFile(fixture('evil.pth'))).toThrow(/needs the Python global posix\.system/);
  });
});
