import { describe, expect, it } from 'vitest';
import { diffListVersions, triageHit } from './triage.js';

describe('triageHit', () => {
  it('opens new hits and keeps a false positive suppressed until the entry changes', () => {
    expect(triageHit(undefined, 'h1')).toBe('open');
    expect(triageHit({ status: 'false_positive', entryContentHash: 'h1' }, 'h1')).toBe('suppressed');
    expect(triageHit({ status: 'false_positive', entryContentHash: 'h1' }, 'h2')).toBe('reopen');
  });

  it('keeps decided hits on unchanged entries and reopens them when the entry changes', () => {
    expect(triageHit({ status: 'true_match', entryContentHash: 'h1' }, 'h1')).toBe('keep');
    expect(triageHit({ status: 'escalated', entryContentHash: 'h1' }, 'h2')).toBe('reopen');
    expect(triageHit({ status: 'open', entryContentHash: 'h1' }, 'h2')).toBe('keep');
  });
});

describe('diffListVersions', () => {
  it('splits keys into added, changed, removed and unchanged', () => {
    const d = diffListVersions(
      new Map([
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ]),
      new Map([
        ['a', '1'],
        ['b', '9'],
        ['d', '4'],
      ]),
    );
    expect(d).toEqual({ added: ['d'], changed: ['b'], removed: ['c'], unchanged: 1 });
  });
});
