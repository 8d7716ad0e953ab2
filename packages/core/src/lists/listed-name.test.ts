import { describe, expect, it } from 'vitest';
import { splitListedName } from './listed-name.js';

const values = (raw: string) => splitListedName(raw).map((n) => `${n.kind}:${n.value}`);

describe('splitListedName', () => {
  it('drops the successor clause but keeps the name', () => {
    expect(values('Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof')).toEqual([
      'primary:Sinobright Import and Export Company',
    ]);
    expect(values('Poly Technologies Incorporated (PTI), and its sub-units and successors')).toEqual([
      'primary:Poly Technologies Incorporated (PTI)',
      'alias:PTI',
      'alias:Poly Technologies Incorporated',
    ]);
  });

  it('splits [aka ...] lists', () => {
    expect(
      values(
        'Astronautics Research Institute [aka Astronautics Systems Research Center, Aerospace Research Institute]',
      ),
    ).toEqual([
      'primary:Astronautics Research Institute [aka Astronautics Systems Research Center, Aerospace Research Institute]',
      'alias:Astronautics Systems Research Center',
      'alias:Aerospace Research Institute',
      'alias:Astronautics Research Institute',
    ]);
  });

  it('keeps former names as former, and place qualifiers are not aliases', () => {
    const names = values('LTS Holding Limited (f.k.a. IPP-International Petroleum Products Ltd.)');
    expect(names).toContain('former:IPP-International Petroleum Products Ltd.');
    expect(names).toContain('alias:LTS Holding Limited');
    const hk = values('Solar Way (Hong Kong) Ltd.');
    expect(hk).toEqual(['primary:Solar Way (Hong Kong) Ltd.', 'alias:Solar Way Ltd.']);
  });

  it('splits an outer a.k.a. and a subordinate entity', () => {
    const chitron = values(
      'Chitron Electronics Company Ltd., a.k.a. Chi-Chung Electronics Company Ltd. (Chitron-Shenzhen)',
    );
    expect(chitron).toContain('alias:Chitron Electronics Company Ltd.');
    expect(chitron).toContain('alias:Chi-Chung Electronics Company Ltd.');
    const paec = values(
      'Pakistan Atomic Energy Commission (PAEC), and subordinate entity National Development Complex (NDC)',
    );
    expect(paec).toContain('alias:National Development Complex');
    expect(paec).toContain('alias:NDC');
    expect(paec).toContain('alias:Pakistan Atomic Energy Commission');
    expect(paec).toContain('alias:PAEC');
  });
});
