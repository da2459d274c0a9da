import { describe, expect, it } from 'vitest';
import { runRecord } from '../testing';
import { noCheckpointNote } from './resume-note';

describe('noCheckpointNote', () => {
  it('explains a cut-short run without a checkpoint, and what to do', () => {
    expect(noCheckpointNote(runRecord('a', { status: 'running', step: 6, totalSteps: 80 }), 'interrupted')).toMatch(
      /^Nothing to resume from: the run stopped before its first checkpoint was saved\. Start it again/,
    );
    expect(noCheckpointNote(runRecord('b', { origin: 'imported', step: 6, totalSteps: 80 }), 'stopped')).toMatch(/no usable checkpoint came with this run/);
  });

  it('says nothing when there is a checkpoint, when the run finished, or while it trains', () => {
    expect(noCheckpointNote(runRecord('a', { step: 6, totalSteps: 80, checkpointStep: 4 }), 'interrupted')).toBeUndefined();
    expect(noCheckpointNote(runRecord('a', { step: 80, totalSteps: 80 }), 'stopped')).toBeUndefined();
    expect(noCheckpointNote(runRecord('a', { step: 6, totalSteps: 80 }), 'running')).toBeUndefined();
  });
});
