/**
 * Bundled CCL subset (15 CFR 774 Supp. 1) for the AI stack: reasons for control and Country-Chart rows. Prose rows
 * (§742.6(a)(6), (a)(11), (a)(13), §742.4(a)(4)) are requirement rules in requirements.ts that reference these ECCNs.
 * Column rows are summarised from the eCFR (2026-09-24) "License Requirements" tables; paragraph-level NP/MT/CC
 * carve-outs that do not touch the AI stack are omitted (see `note`).
 * @module
 */
import type { Citation } from '../../types.js';
import type { CclControl, CclEntry } from '../types.js';

const ccl = (eccn: string): Citation => ({ cfr: `15 CFR 774 Supp. 1, ECCN ${eccn}` });
const col = (reason: CclControl['reason'], column: string, eccn: string, paragraphs?: string[]): CclControl => ({
  reason,
  column,
  ...(paragraphs ? { paragraphs } : {}),
  text: `${reason} applies to ${paragraphs ? paragraphs.join(', ') : `entire entry`}: Country Chart column ${column}`,
  validFrom: '2022-10-07',
  citation: { cfr: `15 CFR 774 Supp. 1, ECCN ${eccn}; 15 CFR 738 Supp. 1 (${column})` },
});
const at1 = (eccn: string) => col('AT', 'AT1', eccn);
const ei = (eccn: string): CclControl => ({
  reason: 'EI',
  column: 'EI',
  text: 'EI applies to entire entry: license to all destinations except Canada (§742.15)',
  validFrom: '2022-10-07',
  citation: { cfr: `15 CFR 774 Supp. 1, ECCN ${eccn}; 15 CFR 742.15(a)` },
});

const entry = (
  eccn: string,
  heading: string,
  reasons: CclEntry['reasons'],
  controls: CclControl[],
  extra: Partial<CclEntry> = {},
): CclEntry => ({ eccn, heading, reasons, controls, validFrom: '2022-10-07', citation: ccl(eccn), ...extra });

const AC_NOTE =
  'RS rows are prose (§742.6(a)(6)(iii)); see requirement rules RS-AC-*. NAC/ACA per §740.8; HBM for .c (§740.25); AIA/ACM/LPP (AI Diffusion, not enforced).';

export const CCL: readonly CclEntry[] = [
  entry(
    '3A001',
    'Electronic items (ICs, microwave, ADCs …); 3A001.z.1–z.4: 3A001 items meeting 3A090.a/.b',
    ['NS', 'MT', 'RS', 'AT'],
    [col('NS', 'NS2', '3A001'), col('MT', 'MT1', '3A001', ['3A001.a.1.a', '3A001.a.5.a']), at1('3A001')],
    { note: `3A001.z: ${AC_NOTE}` },
  ),
  entry(
    '3A090',
    'Integrated circuits: .a (TPP ≥ 4800, or TPP ≥ 1600 and PD ≥ 5.92), .b, .c HBM',
    ['RS', 'AT'],
    [at1('3A090')],
    {
      exceptions:
        'NAC/ACA: .a if not datacenter and TPP ≥ 4800; .b if datacenter; N/A .c. HBM: .c. AIA/LPP: .a. ACM: yes.',
      note: AC_NOTE,
    },
  ),
  entry('3A991', 'Electronic devices and components not controlled by 3A001 (incl. 3A991.p)', ['AT'], [at1('3A991')], {
    note: 'Supp. 2 to Part 744 (MEU) ECCN; §744.23(a)(1) supercomputer IC',
  }),
  entry(
    '3B001',
    'Equipment for the manufacturing of semiconductor devices (key paragraphs a.4, c, d, f.1, f.5, f.6, k–n, p.2, p.4, r)',
    ['NS', 'RS', 'AT'],
    [col('NS', 'NS2', '3B001'), at1('3B001')],
    { note: 'Macau/D:5 rows for key paragraphs are prose (§742.4(a)(4), §742.6(a)(6)(i)(A)): requirement SME-742.4a4' },
  ),
  entry(
    '3B002',
    'Test equipment for semiconductor devices (3B002.c key paragraph)',
    ['NS', 'RS', 'AT'],
    [col('NS', 'NS2', '3B002'), at1('3B002')],
  ),
  entry('3B993', 'Specified SME and "specially designed" components and accessories', ['RS', 'AT'], [at1('3B993')], {
    validFrom: '2024-12-02',
    note: 'RS: see §742.6(a)(11) (Footnote 5 Entity List entities)',
  }),
  entry('3B994', 'Specified SME and "specially designed" components and accessories', ['RS', 'AT'], [at1('3B994')], {
    validFrom: '2024-12-02',
    note: 'RS: see §742.6(a)(11) (Footnote 5 Entity List entities)',
  }),
  entry(
    '3D001',
    '"Software" for development or production of 3A001.b–h, 3A090, 3B …',
    ['NS', 'RS', 'AT'],
    [col('NS', 'NS1', '3D001'), at1('3D001')],
    {
      note: 'RS for 3A090 / .z software and for 3A090.c per §742.6(a)(6)',
    },
  ),
  entry('3D992', '"Software" for key SME paragraphs (Dec-2024 structure)', ['NS', 'RS', 'AT'], [at1('3D992')], {
    validFrom: '2024-12-02',
  }),
  entry('3D993', '"Software" for 3B993 items', ['RS', 'AT'], [at1('3D993')], { validFrom: '2024-12-02' }),
  entry('3D994', '"Software" for 3B994 items', ['RS', 'AT'], [at1('3D994')], { validFrom: '2024-12-02' }),
  entry(
    '3E001',
    '"Technology" for development or production of 3A, 3B, 3C items (incl. 3A090 and .z)',
    ['NS', 'MT', 'NP', 'RS', 'AT'],
    [col('NS', 'NS1', '3E001'), at1('3E001')],
    { note: 'MT/NP rows apply to paragraphs outside the AI stack (omitted). RS for 3A090 technology per §742.6(a)(6)' },
  ),
  entry(
    '3E992',
    '"Technology" for key SME paragraphs; DUV immersion and overlay technology',
    ['NS', 'RS', 'AT'],
    [at1('3E992')],
    {
      validFrom: '2024-12-02',
      note: 'STA barred',
    },
  ),
  entry(
    '3E993',
    '"Technology" for 3B993 items (incl. .b: > 1% wafers/hour on 3B001.f.1/3B993.f.1)',
    ['RS', 'AT'],
    [at1('3E993')],
    {
      validFrom: '2024-12-02',
    },
  ),
  entry('3E994', '"Technology" for 3B994 items', ['RS', 'AT'], [at1('3E994')], { validFrom: '2024-12-02' }),
  entry(
    '4A003',
    'Digital computers, electronic assemblies …; 4A003.z.1/.z.2 meeting 3A090.a/.b',
    ['NS', 'RS', 'AT'],
    [col('NS', 'NS2', '4A003', ['4A003.b', '4A003.c']), at1('4A003')],
    { note: `4A003.z: ${AC_NOTE}` },
  ),
  entry(
    '4A004',
    'Systolic / neural / optical computers; 4A004.z.1/.z.2',
    ['NS', 'RS', 'AT'],
    [col('NS', 'NS2', '4A004'), at1('4A004')],
    {
      note: `4A004.z: ${AC_NOTE}`,
    },
  ),
  entry(
    '4A005',
    'Systems for "intrusion software"; 4A005.z.1/.z.2',
    ['NS', 'RS', 'AT'],
    [col('NS', 'NS1', '4A005'), at1('4A005')],
    {
      note: `4A005.z: ${AC_NOTE}`,
    },
  ),
  entry(
    '4A090',
    'Computers, "electronic assemblies" and "components" containing ICs meeting 3A090.a (.a) or 3A090.b (.b)',
    ['RS', 'AT'],
    [at1('4A090')],
    {
      exceptions: 'NAC/ACA: yes; AIA/LPP: .a; ACM: yes.',
      note: AC_NOTE,
    },
  ),
  entry(
    '4A994',
    'Computers, electronic assemblies and related equipment not controlled by 4A001 or 4A003',
    ['AT'],
    [at1('4A994')],
    {
      note: 'Supp. 2 to Part 744 (MEU) ECCN; §744.23(a)(1) supercomputer item',
    },
  ),
  entry('4D090', '"Software" for development or production of 4A090 items', ['RS', 'AT'], [at1('4D090')], {
    validFrom: '2023-11-17',
    note: 'RS worldwide for software for 4A090.a (§742.6(a)(6)(iii)(A), Diffusion); UAE/D:1/D:4/D:5 excl. A:5/A:6 for 4A090.b software',
  }),
  entry(
    '4E001',
    '"Technology" per the GTN for 4A (except 4A906, 4A980, 4A994, "use" of 4A090) and 4D',
    ['NS', 'MT', 'NP', 'RS', 'AT'],
    [col('NS', 'NS1', '4E001'), at1('4E001')],
    {
      note: 'STA not usable for .a technology to A:5/A:6. AIA for technology for .a items; ACM for .z/4A090 technology.',
    },
  ),
  entry('4E091', '"Parameters" for an AI model trained with 10^26 or more "operations" (model weights)', ['RS'], [], {
    validFrom: '2025-01-13',
    exceptions: 'AIA: yes; ACM: no. Published weights are not subject (§734.7).',
    note: 'AI Diffusion content (90 FR 4544), not enforced since 2025-05-13',
  }),
  entry(
    '5A002',
    'Information security systems (encryption); 5A002.z.1–z.5 meeting 3A090.a/.b',
    ['NS', 'AT', 'EI', 'RS'],
    [col('NS', 'NS2', '5A002'), at1('5A002'), ei('5A002')],
    { exceptions: 'ENC (§740.17) subject to its conditions', note: `5A002.z: ${AC_NOTE}` },
  ),
  entry(
    '5A004',
    'Systems for defeating cryptographic functions; 5A004.z.1/.z.2',
    ['NS', 'AT', 'EI', 'RS'],
    [col('NS', 'NS1', '5A004'), at1('5A004'), ei('5A004')],
    {
      note: `5A004.z: ${AC_NOTE}`,
    },
  ),
  entry(
    '5A992',
    'Mass-market encryption commodities (ENC-classified); 5A992.z.1/.z.2 meeting 3A090.a/.b',
    ['AT', 'RS'],
    [at1('5A992')],
    {
      note: `Supp. 2 to Part 744 (MEU) ECCN. 5A992.z: ${AC_NOTE}`,
    },
  ),
  entry(
    '5D002',
    'Information security "software"; 5D002.z.1–z.9',
    ['NS', 'AT', 'EI', 'RS'],
    [col('NS', 'NS1', '5D002'), at1('5D002'), ei('5D002')],
    {
      exceptions: 'ENC (§740.17) subject to its conditions',
      note: `5D002.z: ${AC_NOTE}`,
    },
  ),
  entry('5D992', 'Mass-market encryption "software"; 5D992.z.1/.z.2', ['AT', 'RS'], [at1('5D992')], {
    note: `Supp. 2 to Part 744 (MEU) ECCN. 5D992.z: ${AC_NOTE}`,
  }),
  entry('EAR99', 'Items subject to the EAR not listed on the CCL', [], [], {
    citation: { cfr: '15 CFR 734.3(c); 15 CFR 732.3(b)(3)' },
    note: 'No CCL-based requirement; end-use/end-user controls (Part 744) and embargoes (Part 746) still apply',
  }),
];
