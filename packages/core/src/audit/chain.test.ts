import { describe, expect, it } from 'vitest';
import { type AuditRecord, chainNext, verifyChain } from './chain.js';

function log(n: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      chainNext(out.at(-1), {
        at: `2026-11-22T10:0${i}:00.000Z`,
        actor: 'alice',
        action: 'hit.decide',
        subject: `hit:${i}`,
        data: { status: 'false_positive', reason: `reason ${i}` },
      }),
    );
  }
  return out;
}

describe('audit hash chain', () => {
  it('verifies an intact chain and its head', () => {
    const records = log(5);
    const head = { seq: 5, hash: records[4]!.hash };
    expect(verifyChain(records, head)).toEqual({ ok: true, count: 5, headHash: head.hash });
  });

  it('detects an edited record', () => {
    const records = log(5);
    records[2] = { ...records[2]!, data: { status: 'true_match', reason: 'reason 2' } };
    expect(verifyChain(records)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: expect.stringMatching(/altered/) });
  });

  it('detects a deleted record in the middle and at the end', () => {
    const records = log(5);
    expect(verifyChain([...records.slice(0, 2), ...records.slice(3)])).toMatchObject({ ok: false, brokenAtSeq: 3 });
    const head = { seq: 5, hash: records[4]!.hash };
    expect(verifyChain(records.slice(0, 4), head)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/deleted/),
    });
  });

  it('detects a record rebuilt with a fresh hash but a broken link', () => {
    const records = log(3);
    const forged = chainNext(records[0], { ...records[2]!, subject: 'forged' });
    expect(verifyChain([records[0]!, records[1]!, { ...forged, seq: 3 }])).toMatchObject({ ok: false, brokenAtSeq: 3 });
  });
});
