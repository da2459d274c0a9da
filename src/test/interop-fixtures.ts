// Test helpers for the interop layer (not imported by the app): the fixture folder, pickles
// assembled opcode by opcode, and a state_dict read from a fixture to mutate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWeightsFile } from '../interop/weights-file';
import type { HostTensor } from '../interop/tensor';

export const FIXTURES = join(import.meta.dirname, 'fixtures/pytorch');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

/** A fixture's normalised state_dict (a fresh Map: tests may change it). */
export function fixtureState(name: string): Map<string, HostTensor> {
  return new Map(readWeightsFile(fixture(name)).tensors);
}

/** Bytes of a pickle from opcodes and arguments: numbers are bytes, strings ASCII/UTF-8. */
export function pickleBytes(...parts: (number | string | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'number' ? Uint8Array.of(p) : typeof p === 'string' ? new TextEncoder().encode(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** SHORT_BINUNICODE of `s`. */
export function shortString(s: string): Uint8Array {
  const bytes = new TextEncoder().encode(s);
  return pickleBytes(0x8c, bytes.length, bytes);
}
