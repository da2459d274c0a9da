// Where layers register their tensors. A real model registers into a ParamStore; a
// StateRecorder registers nothing and only lists (name, shape): it lets a checkpoint be
// validated against a config without allocating (or randomly initialising) a model.
import * as tf from '@tensorflow/tfjs-core';
import type { Initializer, ParamGroupName, ParamRole } from './params';

/** The part of ParamStore that layers use (ParamStore satisfies it structurally). */
export interface ParamSink {
  addParam(name: string, shape: number[], init: Initializer, role: ParamRole, group?: ParamGroupName): tf.Variable;
  addBuffer(name: string, initial: () => tf.Tensor): tf.Variable;
}

/** One tensor of a model's state, as a checkpoint stores it. */
export interface StateEntry {
  name: string;
  shape: number[];
  kind: 'param' | 'buffer';
  role?: ParamRole; // params only
  group?: ParamGroupName; // params only
}

/**
 * Records what a network would register. Layers keep the returned variable but a recorded
 * network is never run: every call returns the same scalar placeholder, freed by `finish()`.
 */
export class StateRecorder implements ParamSink {
  readonly entries: StateEntry[] = [];
  private readonly names = new Set<string>();
  private placeholder: tf.Variable | null = null;

  addParam(name: string, shape: number[], _init: Initializer, role: ParamRole, group: ParamGroupName = 'backbone'): tf.Variable {
    this.claim(name);
    this.entries.push({ name, shape: [...shape], kind: 'param', role, group });
    return this.dummy();
  }

  addBuffer(name: string, initial: () => tf.Tensor): tf.Variable {
    this.claim(name);
    // Buffers are per-channel vectors: building one to read its shape costs nothing.
    const shape = tf.tidy(() => initial().shape);
    this.entries.push({ name, shape, kind: 'buffer' });
    return this.dummy();
  }

  /** The recorded entries; frees the placeholder. */
  finish(): StateEntry[] {
    this.placeholder?.dispose();
    this.placeholder = null;
    return this.entries;
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new Error(`StateRecorder: duplicate name ${name}`);
    this.names.add(name);
  }

  private dummy(): tf.Variable {
    if (!this.placeholder) this.placeholder = tf.tidy(() => tf.variable(tf.scalar(0), false));
    return this.placeholder;
  }
}
