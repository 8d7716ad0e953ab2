import { describe, expect, it } from 'vitest';
import { isCsvProblem, readCsv } from './csv.js';

describe('readCsv', () => {
  it('reads quoted fields with commas, doubled quotes and newlines', () => {
    const rows = [...readCsv('a,b\n"x, y","say ""hi""\nthere"\n')];
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"\nthere'] },
    ]);
  });

  it('reports a malformed record by line and keeps reading', () => {
    const rows = [...readCsv('name\n"ok"\nbro"ken\n"fine"\n"never closed\n')];
    expect(rows.filter((r) => !isCsvProblem(r)).map((r) => (r as { fields: string[] }).fields[0])).toEqual([
      'name',
      'ok',
      'fine',
    ]);
    const problems = rows.filter(isCsvProblem);
    expect(problems.map((p) => p.line)).toEqual([3, 5]);
  });

  it('handles CRLF, BOM and a last line without newline', () => {
    expect([...readCsv('\ufeffa,b\r\n1,2')]).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });
});
