import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectKind, parseFasta } from './fasta.js';
import { toFasta } from './synthetic.js';

describe('parseFasta', () => {
  it('parses records with id, description, kind and header line; whitespace and case are normalised', () => {
    const r = parseFasta('>seq1 my gene\nacgt ACGT\nAAAA\n\n>rna1\nACGUACGU\n>p1 protein\nMKVLAAGIVG*\n');
    expect(r.issues).toEqual([]);
    expect(r.records).toEqual([
      { id: 'seq1', description: 'my gene', sequence: 'ACGTACGTAAAA', kind: 'dna', line: 1 },
      { id: 'rna1', description: '', sequence: 'ACGUACGU', kind: 'rna', line: 5 },
      { id: 'p1', description: 'protein', sequence: 'MKVLAAGIVG*', kind: 'protein', line: 7 },
    ]);
  });

  it('handles CRLF and comment lines', () => {
    const r = parseFasta(';comment\r\n>a\r\nACGT\r\n');
    expect(r.records.map((x) => x.sequence)).toEqual(['ACGT']);
  });

  it('reports a non-IUPAC character with record, character, position, line and column; good records still parse', () => {
    const r = parseFasta('>good\nACGTACGT\n>bad one\nACGTACGTAC\nACGTEACGT\n>good2\nTTTT\n');
    expect(r.records.map((x) => x.id)).toEqual(['good', 'good2']);
    expect(r.rejectedIds).toEqual(['bad']);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({
      severity: 'error',
      code: 'non_iupac',
      recordId: 'bad',
      char: 'E',
      position: 15,
      line: 5,
      column: 5,
    });
    expect(r.issues[0]?.message).toContain("record 'bad'");
    expect(r.issues[0]?.message).toContain("'E' at position 15");
  });

  it('rejects digits and gaps in nucleotide records', () => {
    const r = parseFasta('>x\n1 ACGTACGTAC-GT\n');
    expect(r.issues.map((i) => [i.code, i.char])).toEqual([
      ['non_iupac', '1'],
      ['non_iupac', '-'],
    ]);
  });

  it('reports non-ASCII characters in the sequence (error) and in the description (warning)', () => {
    const r = parseFasta('>a Müller plasmid\nACGT\n>b\nACGTÅCGT\n');
    expect(r.records.map((x) => x.id)).toEqual(['a']);
    expect(r.issues.map((i) => [i.recordId, i.code, i.severity])).toEqual([
      ['a', 'non_ascii', 'warning'],
      ['b', 'non_ascii', 'error'],
    ]);
    expect(r.issues[1]).toMatchObject({ line: 4, column: 5, char: 'Å' });
  });

  it('reports empty records, empty ids and sequence before the first header', () => {
    const r = parseFasta('ACGT\n>empty\n>\nACGT\n>ok\nAC\n');
    expect(r.records.map((x) => x.id)).toEqual(['ok']);
    expect(r.issues.map((i) => [i.code, i.recordId, i.line])).toEqual([
      ['sequence_before_header', '(before first header)', 1],
      ['empty_record', 'empty', 2],
      ['empty_id', '#2', 3],
    ]);
  });

  it('rejects duplicate ids (naming both lines) and warns on duplicate sequences', () => {
    const r = parseFasta('>a\nACGT\n>b\nACGT\n>a\nGGGG\n');
    expect(r.records.map((x) => x.id)).toEqual(['a', 'b']);
    const dupId = r.issues.find((i) => i.code === 'duplicate_id');
    expect(dupId).toMatchObject({ severity: 'error', recordId: 'a', line: 5 });
    expect(dupId?.message).toContain('line 1');
    expect(r.issues.find((i) => i.code === 'duplicate_sequence')).toMatchObject({ severity: 'warning', recordId: 'b' });
  });

  it('detects kinds and accepts an explicit override', () => {
    expect(detectKind('ACGTNNACGT')).toBe('dna');
    expect(detectKind('ACGUUGCA')).toBe('rna');
    expect(detectKind('MKVLHHHHHH')).toBe('protein');
    expect(detectKind('ACGTACGTAE')).toBe('dna'); // 90 % nucleotides: a DNA record with a bad character
    const r = parseFasta('>p\nACGTACGT\n', { kind: 'protein' });
    expect(r.records[0]?.kind).toBe('protein');
    expect(r.issues[0]).toMatchObject({ code: 'kind_mismatch', severity: 'warning', recordId: 'p' });
  });

  it('rejects the whole order when a limit is exceeded, with a clear reason', () => {
    const many = parseFasta('>a\nAC\n>b\nAC\n>c\nAC\n', { limits: { maxRecords: 2 } });
    expect(many.records).toEqual([]);
    expect(many.rejection?.code).toBe('too_many_records');
    expect(many.rejection?.message).toMatch(/more than 2 records/);
    const long = parseFasta('>a\nACGTACGT\n>b\nACGTACGT\n', { limits: { maxTotalLength: 10 } });
    expect(long.rejection).toMatchObject({ code: 'too_long' });
    expect(long.rejection?.message).toMatch(/exceeds 10 residues/);
    const rec = parseFasta('>a\nACGTACGT\n>b\nAC\n', { limits: { maxRecordLength: 4 } });
    expect(rec.records.map((x) => x.id)).toEqual(['b']);
    expect(rec.issues[0]).toMatchObject({ code: 'record_too_long', recordId: 'a' });
  });

  it('round-trips generated records (property)', () => {
    const rec = fc.record({
      id: fc.string({ unit: fc.constantFrom(...'abcXYZ019_-.'), minLength: 1, maxLength: 12 }),
      sequence: fc.string({ unit: fc.constantFrom(...'ACGT'), minLength: 1, maxLength: 300 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(rec, { selector: (r) => r.id, minLength: 1, maxLength: 8 }), (recs) => {
        const r = parseFasta(toFasta(recs));
        const errors = r.issues.filter((i) => i.severity === 'error');
        return (
          errors.length === 0 &&
          r.records.map((x) => `${x.id}:${x.sequence}`).join() === recs.map((x) => `${x.id}:${x.sequence}`).join()
        );
      }),
    );
  });
});
