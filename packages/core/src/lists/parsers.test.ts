import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entryContentHash } from './content-hash.js';
import { parseCsl } from './csl.js';
import { detectListFormat, parseListFile } from './detect.js';
import { parseUnXml } from './un-xml.js';

const DATA = new URL('../../../../data/screening/', import.meta.url);
const csl = readFileSync(new URL('csl.csv', DATA), 'utf8');
const un = readFileSync(new URL('un-consolidated.xml', DATA), 'utf8');
const HEADER = csl.slice(0, csl.indexOf('\n') + 1);

describe('parseCsl on the bundled CSL snapshot', () => {
  const result = parseCsl(csl);

  it('loads every source with the expected counts', () => {
    const counts: Record<string, number> = {};
    for (const e of result.entries) counts[e.source] = (counts[e.source] ?? 0) + 1;
    expect(counts).toMatchObject({ EL: 919, DPL: 577, UVL: 186, MEU: 71, ISN: 144, DTC: 142, CMIC: 68, PLC: 78 });
    expect(result.entries.length).toBeGreaterThan(4200);
  });

  it('reports the snapshot’s own defects by line and keeps going', () => {
    expect(result.problems).toContainEqual({ row: 2, message: 'repeated header row skipped', severity: 'warning' });
    // The upstream file ends in a truncated record.
    expect(result.problems.at(-1)?.message).toBe('unterminated quoted field');
    expect(result.problems.filter((p) => p.severity === 'error').length).toBeLessThan(5);
  });

  it('maps a Treasury individual with ids, citizenship and aliases', () => {
    const cmic = result.entries.find((e) => e.key === 'CMIC:30882');
    expect(cmic?.type).toBe('organization');
    expect(cmic?.names.map((n) => n.value)).toContain('CHINA TELECOM CORP LTD');
    expect(cmic?.identifiers).toContainEqual({
      type: 'Unified Social Credit Code (USCC)',
      number: '9111000071093019X7',
      country: 'CN',
    });
    expect(cmic?.countries).toEqual(['CN']);
  });

  it('keeps BIS rows untyped and reads license policy and FR notice', () => {
    const el = result.entries.find((e) => e.source === 'EL' && e.names[0]?.value === 'Abdul Satar Ghoura');
    expect(el?.type).toBe('unknown');
    expect(el?.countries).toEqual(['AF', 'PK']);
    expect(el?.listing.federalRegisterNotice).toBe('76 FR 71867');
    expect(el?.listing.licensePolicy).toBe('Presumption of denial.');
  });
});

describe('parseCsl on bad input', () => {
  const good = csl.split('\n')[2] ?? '';

  it('names each bad row and loads the good ones', () => {
    const text = [
      HEADER.trim(),
      good,
      good
        .replace(/^"[^"]*"/, '"x1"')
        .replace(
          'Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department',
          'Imaginary List (IMG) - Nowhere',
        ),
      good.replace(/^"[^"]*"/, '"x2"').replace('China Telecom Corporation Limited', ''),
      good.replace(/^"[^"]*"/, '"x3"').replace('China Telecom Corporation Limited', 'A'.repeat(1_000_001)),
      good.replace(/^"[^"]*"/, '"x4"').replace('China Telecom Corporation Limited', 'China \uFFFD Telecom'),
      '"x5","too","few"',
      good,
    ].join('\n');
    const r = parseCsl(text);
    expect(r.entries.map((e) => e.key)).toEqual(['CMIC:30882']);
    expect(r.problems.map((p) => [p.row, p.severity])).toEqual([
      [3, 'error'],
      [4, 'error'],
      [5, 'error'],
      [6, 'error'],
      [7, 'error'],
      [8, 'error'],
    ]);
    expect(r.problems[0]?.message).toMatch(/unknown source/);
    expect(r.problems[1]?.message).toBe('empty name');
    expect(r.problems[2]?.message).toMatch(/longer than 1000/);
    expect(r.problems[3]?.message).toMatch(/UTF-8/);
    expect(r.problems[4]?.message).toMatch(/expected 29 columns, found 3/);
    expect(r.problems[5]?.message).toMatch(/duplicate _id 30882/);
  });

  it('rejects a file that is not a CSL', () => {
    expect(parseCsl('name,country\nAcme,US\n').problems[0]?.message).toMatch(/not a CSL header/);
    expect(detectListFormat('name,country\n')).toBeUndefined();
  });
});

describe('parseUnXml on the bundled UN list', () => {
  const result = parseUnXml(un);

  it('reads individuals and entities with aliases, documents and nationality', () => {
    expect(result.generatedAt).toBe('2026-02-27T00:00:09.554Z');
    expect(result.entries.length).toBe(1003);
    const katanga = result.entries.find((e) => e.key === 'UN:6907998');
    expect(katanga?.names[0]).toEqual({ value: 'GERMAIN KATANGA', kind: 'primary' });
    expect(katanga?.countries).toEqual(['CD']);
    expect(katanga?.datesOfBirth).toEqual(['1978-04-28']);
    expect(result.entries.filter((e) => e.type === 'organization').length).toBe(273);
  });

  it('drops an undecodable original-script alias with a warning, not the record', () => {
    const mati = result.entries.find((e) => e.names[0]?.value === 'MOHAMMADULLAH MATI');
    expect(mati).toBeDefined();
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/alias dropped/) }),
    ]);
  });

  it('reports a malformed record by ordinal and keeps the rest', () => {
    const broken = un.replace('<FIRST_NAME>ERIC</FIRST_NAME>', '<FIRST_NAME>ERIC</FIRST_NAM>');
    const r = parseUnXml(broken);
    expect(r.entries.length).toBe(1002);
    expect(r.problems[0]).toMatchObject({ row: 1, severity: 'error', message: expect.stringMatching(/malformed XML/) });
    expect(parseListFile(broken)?.format).toBe('un-xml');
  });
});

describe('entryContentHash', () => {
  it('is stable across key order and changes with content', () => {
    const [a] = parseCsl(csl).entries;
    if (!a) throw new Error('no entry');
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(entryContentHash(reordered)).toBe(entryContentHash(a));
    expect(entryContentHash({ ...a, names: [...a.names, { value: 'New alias', kind: 'alias' }] })).not.toBe(
      entryContentHash(a),
    );
  });
});
