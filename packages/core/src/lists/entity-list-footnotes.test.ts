import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsl } from './csl.js';
import { entityListDesignation } from './entity-list-footnotes.js';

const csl = parseCsl(readFileSync(new URL('../../../../data/screening/csl.csv', import.meta.url), 'utf8'));

describe('entityListDesignation on the bundled CSL', () => {
  it('reads footnote 4 from the FDP entries and none from plain entries', () => {
    const designations = csl.entries.flatMap((e) => {
      const d = entityListDesignation(e);
      return d ? [{ name: e.names[0]?.value, d }] : [];
    });
    expect(designations).toHaveLength(919);
    const fn4 = designations.filter((x) => x.d.footnotes.includes(4));
    expect(fn4.length).toBeGreaterThanOrEqual(4);
    for (const x of fn4) expect(x.d.licenseRequirement).toMatch(/734\.9\(e\)/);
    const fsb = designations.find((x) => x.name === 'Federal Security Service (FSB)');
    expect(fsb?.d.footnotes).toEqual([3]);
    const plain = designations.find((x) => x.name === 'Abdul Satar Ghoura');
    expect(plain?.d).toMatchObject({ footnotes: [], unparsed: false, licensePolicy: 'Presumption of denial.' });
  });

  it('is undefined for entries of other lists', () => {
    const sdn = csl.entries.find((e) => e.source === 'SDN');
    expect(sdn && entityListDesignation(sdn)).toBeUndefined();
  });
});
