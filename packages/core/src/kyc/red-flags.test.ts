import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phoneCountries } from './phone.js';
import {
  detectCountryOfConcern,
  detectDormantThenBurst,
  detectIpCountry,
  detectPaymentChurn,
  detectPaymentCountry,
  detectPhoneCountry,
  detectResellerChain,
  detectSharedIdentifiers,
  identityOf,
  nameKey,
} from './red-flags.js';
import { d5List, dailyUsage, EMPTY_LIST, reseller, usEntityChineseOwned, usIndividual } from './test-data.js';
import type { PaymentMeans } from './types.js';

describe('IP country', () => {
  it('consistent data raises nothing', () => {
    expect(detectIpCountry(usIndividual())).toEqual([]);
  });

  it('a direct IP in another country is a mismatch', () => {
    const f = detectIpCountry(usIndividual({ ipAddresses: [{ ip: '5.6.7.8', country: 'RU', egress: 'direct' }] }));
    expect(f.map((x) => [x.code, x.severity])).toEqual([['ip-country-mismatch', 'medium']]);
    expect(f[0]?.evidence.addresses).toEqual(['5.6.7.8 (RU)']);
  });

  it('VPN or cloud egress is unverifiable, not a mismatch', () => {
    const f = detectIpCountry(
      usIndividual({
        ipAddresses: [
          { ip: '185.1.1.1', country: 'NL', egress: 'vpn' },
          { ip: '34.1.1.1', country: 'SG', egress: 'cloud' },
          { ip: '10.0.0.1' },
        ],
      }),
    );
    expect(f.map((x) => x.code)).toEqual(['ip-country-unverifiable']);
    expect(f[0]?.severity).toBe('low');
    expect(f[0]?.evidence.addresses).toEqual([
      '185.1.1.1 (vpn egress)',
      '34.1.1.1 (cloud egress)',
      '10.0.0.1 (country unresolved)',
    ]);
  });
});

describe('phone and payment country', () => {
  it('resolves calling codes, keeping +1 ambiguous and rejecting malformed numbers', () => {
    expect(phoneCountries('+86 10 5555 0000').countries).toEqual(['CN']);
    expect(phoneCountries('+1 (614) 555-0142').countries).toContain('CA');
    expect(phoneCountries('+852 5555 0000').countries).toEqual(['HK']);
    expect(phoneCountries('0614 555 0142').malformed).toBe(true);
    expect(phoneCountries('+999 1234 5678').countries).toEqual([]);
  });

  it('flags a Chinese phone and a Hong Kong card against a declared US address', () => {
    const app = usIndividual({
      phones: ['+86 138 0013 8000'],
      paymentMeans: [{ kind: 'card', id: 'tok_hk', binCountry: 'HK', source: 'own' }],
    });
    expect(detectPhoneCountry(app).map((f) => [f.code, f.severity])).toEqual([['phone-country-mismatch', 'low']]);
    expect(detectPaymentCountry(app).map((f) => [f.code, f.severity])).toEqual([
      ['payment-country-mismatch', 'medium'],
    ]);
  });

  it('crypto has no country: unverifiable', () => {
    const app = usIndividual({
      paymentMeans: [{ kind: 'crypto', id: 'wallet-1', network: 'ethereum', source: 'own' }],
    });
    expect(detectPaymentCountry(app).map((f) => f.code)).toEqual(['payment-country-unverifiable']);
  });

  it('property: phoneCountries never throws and resolves only well-formed numbers', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = phoneCountries(s);
        if (r.malformed) expect(r.countries).toEqual([]);
      }),
    );
  });
});

describe('payment churn', () => {
  const card = (id: string, addedOn: string): PaymentMeans => ({
    kind: 'card',
    id,
    binCountry: 'US',
    source: 'own',
    addedOn,
  });

  it('flags 4 distinct cards added within 30 days', () => {
    const app = usIndividual({
      paymentMeans: [
        card('c1', '2026-03-01'),
        card('c2', '2026-03-09'),
        card('c3', '2026-03-20'),
        card('c4', '2026-03-30'),
      ],
    });
    const f = detectPaymentChurn(app);
    expect(f).toHaveLength(1);
    expect(f[0]?.evidence).toMatchObject({ distinct: 4, from: '2026-03-01', to: '2026-03-30' });
  });

  it('does not flag the same cards spread over four months, or 3 in a month', () => {
    const spread = usIndividual({
      paymentMeans: [
        card('c1', '2026-01-01'),
        card('c2', '2026-02-05'),
        card('c3', '2026-03-10'),
        card('c4', '2026-04-15'),
      ],
    });
    expect(detectPaymentChurn(spread)).toEqual([]);
    const three = usIndividual({
      paymentMeans: [card('c1', '2026-03-01'), card('c2', '2026-03-02'), card('c3', '2026-03-03')],
    });
    expect(detectPaymentChurn(three)).toEqual([]);
    expect(detectPaymentChurn(three, { minDistinct: 3 })).toHaveLength(1);
  });

  it('property: adding an instrument never removes a churn flag', () => {
    const day = fc
      .integer({ min: 0, max: 120 })
      .map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(day, { maxLength: 8 }), day, (days, extra) => {
        const base = days.map((d, i) => card(`c${i}`, d));
        const before = detectPaymentChurn(usIndividual({ paymentMeans: base })).length;
        const after = detectPaymentChurn(usIndividual({ paymentMeans: [...base, card('extra', extra)] })).length;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });
});

describe('dormant then burst', () => {
  it('flags a dormant account that suddenly runs 512 H100s', () => {
    const usage = [
      ...dailyUsage('acct-1', '2026-04-23', 3, {
        acceleratorModel: 'nvidia-h100-sxm',
        count: 1,
        hours: 2,
        utilisation: 0.3,
      }),
      ...dailyUsage('acct-1', '2026-05-07', 7, {
        acceleratorModel: 'nvidia-h100-sxm',
        count: 512,
        hours: 24,
        utilisation: 0.4,
      }),
    ];
    const f = detectDormantThenBurst('acct-1', usage, { asOf: '2026-05-07' });
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('medium');
    expect(f[0]?.evidence).toMatchObject({ burstAcceleratorHoursPerDay: 12288, baselineAcceleratorHoursPerDay: 0.1 });
  });

  it('a truly dormant baseline is high; steady heavy use is not a burst', () => {
    const burst = dailyUsage('a', '2026-05-07', 7, { acceleratorModel: 'x', count: 64, hours: 24, utilisation: 0.5 });
    expect(detectDormantThenBurst('a', burst, { asOf: '2026-05-07' })[0]?.severity).toBe('high');
    const steady = dailyUsage('a', '2026-05-07', 67, { acceleratorModel: 'x', count: 64, hours: 24, utilisation: 0.5 });
    expect(detectDormantThenBurst('a', steady, { asOf: '2026-05-07' })).toEqual([]);
  });

  it('ignores small bursts below the floor and other accounts', () => {
    const small = dailyUsage('a', '2026-05-07', 7, { acceleratorModel: 'x', count: 2, hours: 10, utilisation: 0.5 });
    expect(detectDormantThenBurst('a', small, { asOf: '2026-05-07' })).toEqual([]);
    expect(detectDormantThenBurst('b', small, { asOf: '2026-05-07', minBurstAcceleratorHoursPerDay: 1 })).toEqual([]);
  });
});

describe('reseller chains', () => {
  const d5 = d5List();

  it('a 2-level chain whose second reseller never attested: depth + missing attestation', () => {
    const app = usIndividual({ accountId: 'acct-r', resellerChain: ['rs-sg', 'rs-my'] });
    const resellers = [
      reseller({ id: 'rs-sg', country: 'SG', customers: [] }),
      reseller({ id: 'rs-my', country: 'MY', attestations: [], customers: ['acct-r'] }),
    ];
    const f = detectResellerChain(app, resellers, d5, '2026-03-01');
    expect(f.map((x) => [x.code, x.severity])).toEqual([
      ['reseller-chain-depth', 'medium'],
      ['reseller-attestation-missing', 'high'],
    ]);
    expect(f[1]?.summary).toMatch(/never attested/);
  });

  it('a lapsed attestation, an unregistered reseller, a reseller in a D:5 country, an unlisted customer', () => {
    const app = usIndividual({ accountId: 'acct-r', resellerChain: ['rs-ghost', 'rs-cn'] });
    const resellers = [reseller({ id: 'rs-cn', country: 'CN', customers: ['someone-else'] })];
    const f = detectResellerChain(app, resellers, d5, '2026-07-01');
    expect(f.map((x) => x.code)).toEqual([
      'reseller-chain-depth',
      'reseller-unregistered',
      'reseller-attestation-missing',
      'reseller-country-of-concern',
      'reseller-customer-unlisted',
    ]);
    expect(f[2]?.summary).toMatch(/lapsed 2026-06-01/);
  });

  it('a single attested reseller outside the list raises nothing', () => {
    const app = usIndividual({ accountId: 'acct-r', resellerChain: ['rs-sg'] });
    expect(detectResellerChain(app, [reseller({ id: 'rs-sg', customers: ['acct-r'] })], d5, '2026-03-01')).toEqual([]);
  });
});

describe('countries of concern (dated data)', () => {
  it('flags a 60 % owner who is a national of a D:5 country', () => {
    const f = detectCountryOfConcern(usEntityChineseOwned(), d5List(), '2026-03-01');
    expect(f.map((x) => [x.code, x.severity])).toEqual([['beneficial-owner-country-of-concern', 'high']]);
    expect(f[0]?.evidence).toMatchObject({ owner: 'Wang Lei', sharePct: 60, ownerStatus: 'foreign-person' });
  });

  it('nothing is hard-coded: an empty list raises nothing', () => {
    expect(detectCountryOfConcern(usEntityChineseOwned(), EMPTY_LIST, '2026-03-01')).toEqual([]);
  });

  it('follows the list dates: a membership that ended no longer matches', () => {
    const list = {
      id: 't',
      title: 'test list',
      entries: [{ country: 'KH', from: '2020-01-01', to: '2026-02-03', source: 'test' }],
    };
    const app = usIndividual({ citizenships: ['KH'], usPermanentResident: false, declaredCountry: 'KH' });
    expect(detectCountryOfConcern(app, list, '2026-02-02').map((f) => f.code)).toEqual(['customer-country-of-concern']);
    expect(detectCountryOfConcern(app, list, '2026-02-03')).toEqual([]);
  });
});

describe('shared identifiers', () => {
  it('flags the same phone and card used by an account under another name', () => {
    const app = usIndividual();
    const other = {
      accountId: 'acct-9',
      names: ['Li Ming'],
      emails: ['x@y.example'],
      phones: ['+16145550142'],
      paymentIds: ['tok_card_4242'],
    };
    const f = detectSharedIdentifiers(app, [other]);
    expect(f).toHaveLength(1);
    expect(f[0]?.evidence.shared).toEqual(['phone +16145550142', 'payment tok_card_4242']);
  });

  it('the same person with a differently written name, or the account itself, is not flagged', () => {
    const app = usIndividual();
    const same = { ...identityOf(app), accountId: 'acct-2', names: ['JANE Q MILLER'] };
    expect(detectSharedIdentifiers(app, [same, identityOf(app)])).toEqual([]);
    expect(nameKey('Jane Q. Miller')).toBe(nameKey('jane  q miller'));
  });

  it('matches emails case-insensitively', () => {
    const other = {
      accountId: 'acct-3',
      names: ['Other'],
      emails: ['JANE.MILLER@example.com'],
      phones: [],
      paymentIds: [],
    };
    expect(detectSharedIdentifiers(usIndividual(), [other])).toHaveLength(1);
  });
});
