// A restricted unpickler: reads Python pickles (protocols 2-5, what torch.save writes) into
// plain JS values without executing anything. Python's own unpickler imports and calls any
// global a file names (the classic `os.system` payload); this one resolves globals through an
// allow-list given by the caller and refuses every other global by its dotted name, before
// anything else happens. Values: None -> null, bool, int -> number (bigint beyond 2^53),
// float, str, bytes -> Uint8Array, list and tuple -> Array, dict -> Map, set -> Set.
import { InteropError } from './errors';

/** How a global the allow-list names is treated. */
export type GlobalRule =
  /** A pure JS function that builds data from its arguments (REDUCE and NEWOBJ call it). */
  | { kind: 'function'; call: (args: unknown[]) => unknown }
  /** A class whose instances are kept as named records (PyObject), never interpreted. */
  | { kind: 'opaque' }
  /** Only ever a value (a storage type, typing.Any): calling it is refused. */
  | { kind: 'marker' };

/** A global the allow-list accepted, as a value on the stack. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
    readonly rule: GlobalRule,
  ) {}

  get dotted(): string {
    return `${this.module}.${this.name}`;
  }
}

/** An instance of an opaque class: its constructor arguments and BUILD state, as data. */
export class PyObject {
  state: unknown = undefined;
  constructor(
    readonly className: string,
    readonly args: unknown[],
  ) {}
}

/** The file needs a global outside the allow-list. Nothing was run. */
export class PickleRefusedError extends InteropError {
  constructor(readonly global: string) {
    super(`it needs the Python global ${global}, which is not among the globals a state_dict needs, so it was refused (nothing in it was run)`);
    this.name = 'PickleRefusedError';
  }
}

export interface UnpickleOptions {
  /** "module.name" -> rule; any global not in it is refused by name. */
  globals: ReadonlyMap<string, GlobalRule>;
  /** Resolves BINPERSID ids (torch.save's storage references). Without it they are refused. */
  persistentLoad?: (pid: unknown) => unknown;
}

const text = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

function malformed(what: string): never {
  throw new InteropError(`its pickle is malformed (${what})`);
}

/** A signed little-endian integer of any width (LONG1/LONG4). */
function signedLittleEndian(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  if (bytes[bytes.length - 1] & 0x80) value -= 1n << BigInt(8 * bytes.length);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

export function unpickle(bytes: Uint8Array, options: UnpickleOptions): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  let stack: unknown[] = [];
  const marks: unknown[][] = [];
  const memo = new Map<number, unknown>();

  const need = (n: number) => {
    if (pos + n > bytes.length) malformed(`it ends inside an opcode at byte ${pos}`);
  };
  const u8 = () => (need(1), view.getUint8(pos++));
  const u16 = () => (need(2), (pos += 2), view.getUint16(pos - 2, true));
  const u32 = () => (need(4), (pos += 4), view.getUint32(pos - 4, true));
  const i32 = () => (need(4), (pos += 4), view.getInt32(pos - 4, true));
  const u64 = () => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(bytes.length)) malformed(`a length of ${v} bytes in a ${bytes.length}-byte pickle`);
    return Number(v);
  };
  const take = (n: number) => (need(n), (pos += n), bytes.subarray(pos - n, pos));
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) malformed('a text argument without its newline');
    const s = latin1.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = () => (stack.length ? stack.pop() : malformed(`the stack is empty at byte ${pos}`));
  const top = () => (stack.length ? stack[stack.length - 1] : malformed(`the stack is empty at byte ${pos}`));
  const popMark = () => {
    const items = stack;
    const previous = marks.pop();
    if (!previous) malformed(`no MARK before byte ${pos}`);
    stack = previous;
    return items;
  };
  const resolve = (module: string, name: string) => {
    const dotted = `${module}.${name}`;
    const rule = options.globals.get(dotted);
    if (!rule) throw new PickleRefusedError(dotted);
    return new PyGlobal(module, name, rule);
  };
  const call = (callable: unknown, args: unknown, how: string) => {
    if (!(callable instanceof PyGlobal)) malformed(`${how} of something that is not a global`);
    if (!Array.isArray(args)) malformed(`${how} of ${callable.dotted} without an argument tuple`);
    if (callable.rule.kind === 'function') return callable.rule.call(args);
    if (callable.rule.kind === 'opaque') return new PyObject(callable.dotted, args);
    throw new PickleRefusedError(`${callable.dotted} (called)`);
  };
  const setItems = (target: unknown, items: unknown[]) => {
    if (!(target instanceof Map)) malformed('SETITEM on something that is not a dict');
    if (items.length % 2) malformed('SETITEMS with an odd number of items');
    for (let i = 0; i < items.length; i += 2) target.set(items[i], items[i + 1]);
  };
  const append = (target: unknown, items: unknown[]) => {
    if (!Array.isArray(target)) malformed('APPEND on something that is not a list');
    target.push(...items);
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) malformed('a pickle protocol above 5');
        break;
      case 0x95: // FRAME: a length prefix only
        u64();
        break;
      case 0x2e: // STOP
        return pop();
      case 0x28: // MARK
        marks.push(stack);
        stack = [];
        break;
      case 0x30: // POP
        if (stack.length) stack.pop();
        else popMark();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: // LONG1
        stack.push(signedLittleEndian(take(u8())));
        break;
      case 0x8b: // LONG4
        stack.push(signedLittleEndian(take(u32())));
        break;
      case 0x47: // BINFLOAT (big-endian)
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x58: // BINUNICODE
        stack.push(text.decode(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text.decode(take(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text.decode(take(u64())));
        break;
      case 0x54: // BINSTRING (Python 2 str)
        stack.push(latin1.decode(take(i32())));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(latin1.decode(take(u8())));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()).slice());
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x8f: // EMPTY_SET
        stack.push(new Set());
        break;
      case 0x74: // TUPLE
      case 0x6c: {
        // LIST (popMark replaces `stack`: take the items before pushing)
        const items = popMark();
        stack.push(items);
        break;
      }
      case 0x64: {
        // DICT
        const map = new Map();
        setItems(map, popMark());
        stack.push(map);
        break;
      }
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x91: {
        // FROZENSET
        const set = new Set(popMark());
        stack.push(set);
        break;
      }
      case 0x61: {
        // APPEND
        const item = pop();
        append(top(), [item]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        append(top(), items);
        break;
      }
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x90: {
        // ADDITEMS
        const items = popMark();
        const set = top();
        if (!(set instanceof Set)) malformed('ADDITEMS on something that is not a set');
        for (const item of items) set.add(item);
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const index = op === 0x68 ? u8() : u32();
        if (!memo.has(index)) malformed(`memo entry ${index} is read before it is written`);
        stack.push(memo.get(index));
        break;
      }
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        stack.push(resolve(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') malformed('STACK_GLOBAL without two strings');
        stack.push(resolve(module, name));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        stack.push(call(pop(), args, 'REDUCE'));
        break;
      }
      case 0x81: {
        // NEWOBJ
        const args = pop();
        stack.push(call(pop(), args, 'NEWOBJ'));
        break;
      }
      case 0x92: {
        // NEWOBJ_EX (keyword arguments are not passed on: no allowed global takes any)
        pop();
        const args = pop();
        stack.push(call(pop(), args, 'NEWOBJ_EX'));
        break;
      }
      case 0x62: {
        // BUILD: an opaque object keeps its state; a dict's attributes (a state_dict's _metadata) are dropped
        const state = pop();
        const target = top();
        if (target instanceof PyObject) target.state = state;
        else if (!(target instanceof Map)) malformed('BUILD on a value that takes no state');
        break;
      }
      case 0x51: {
        // BINPERSID
        const pid = pop();
        if (!options.persistentLoad) malformed('a persistent id where none is expected');
        stack.push(options.persistentLoad(pid));
        break;
      }
      default:
        throw new InteropError(
          `its pickle uses opcode 0x${op.toString(16).padStart(2, '0')} at byte ${pos - 1}, which this reader does not support (torch.save writes protocol 2)`,
        );
    }
  }
}
