import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { determineForeignPerson } from './foreign-person.js';
import { dailyUsage, usEntityChineseOwned } from './test-data.js';
import { draftTrainingRunReport } from './training-report.js';
import {
  ACCELERATOR_PEAK_FLOPS,
  detectLargeTrainingRuns,
  estimateRecordOps,
  estimateTrainingRuns,
} from './training-run.js';

const H100 = { acceleratorModel: 'nvidia-h100-sxm', hours: 24, utilisation: 0.4 };

describe('accelerator table', () => {
  it('has dense BF16 figures with a datasheet source for each model', () => {
    const byModel = new Map(ACCELERATOR_PEAK_FLOPS.map((a) => [a.model, a.peakDenseBf16Flops]));
    expect(byModel.get('nvidia-h100-sxm')).toBe(989.5e12);
    expect(byModel.get('nvidia-h200-sxm')).toBe(989.5e12);
    expect(byModel.get('nvidia-b200')).toBe(2250e12);
    expect(byModel.get('nvidia-a100-sxm')).toBe(312e12);
    expect(byModel.get('amd-mi300x')).toBe(1307.4e12);
    expect(byModel.get('google-tpu-v5p')).toBe(459e12);
    for (const a of ACCELERATOR_PEAK_FLOPS) {
      expect(a.source.url, a.model).toMatch(/^https:\/\//);
      expect(a.source.note, a.model).toMatch(/BF16/);
    }
  });
});

describe('training-run estimate', () => {
  it('10,000 H100 × 90 days × 40 % ≈ 3.08e25 operations: BELOW 1e26', () => {
    // 989.5e12 FLOP/s × 10,000 × 2,160 h × 3,600 s/h × 0.4 = 3.0777e25.
    const usage = dailyUsage('acct-a', '2026-06-30', 90, { ...H100, count: 10_000 });
    const [e] = estimateTrainingRuns(usage);
    expect(e?.estimatedOps).toBeCloseTo(3.0777408e25, -20);
    expect(e?.crossesThreshold).toBe(false);
    expect(e?.fractionOfThreshold).toBeCloseTo(0.3078, 3);
    expect(e?.windowFrom).toBe('2026-04-02');
    expect(e?.windowTo).toBe('2026-06-30');
    expect(e?.lines[0]?.acceleratorHours).toBe(21_600_000);
    expect(e?.arithmetic[0]).toBe(
      'NVIDIA H100 SXM5 80GB: 9.895e+14 FLOP/s × 21,600,000 accelerator-hours × 3600 s/h × 0.4000 mean utilisation = 3.078e+25 operations',
    );
    expect(e?.arithmetic.at(-1)).toMatch(/3\.078e\+25 operations < threshold 1\.000e\+26/);
    expect(detectLargeTrainingRuns(usage)).toEqual([]);
  });

  it('100,000 H100 × 90 days × 40 % ≈ 3.08e26 operations crosses 1e26', () => {
    const usage = dailyUsage('acct-b', '2026-06-30', 90, { ...H100, count: 100_000 });
    const found = detectLargeTrainingRuns(usage);
    expect(found).toHaveLength(1);
    expect(found[0]?.estimatedOps).toBeCloseTo(3.0777408e26, -21);
    expect(found[0]?.ruleIds).toEqual(['iaas-large-ai-training-report', 'eo14110-interim-compute-threshold']);
    expect(found[0]?.legalNote).toMatch(/revoked on 20 Jan 2025/);
  });

  it('the threshold is configurable', () => {
    const usage = dailyUsage('acct-a', '2026-06-30', 90, { ...H100, count: 10_000 });
    expect(detectLargeTrainingRuns(usage, { thresholdOps: 1e25 })).toHaveLength(1);
  });

  it('uses a rolling window: a year of steady use is not one 90-day run', () => {
    const usage = dailyUsage('acct-c', '2026-12-31', 365, { ...H100, count: 10_000 });
    const [e] = estimateTrainingRuns(usage);
    expect(e?.estimatedOps).toBeCloseTo(3.0777408e25, -20);
    expect(detectLargeTrainingRuns(usage, { windowDays: 365 })).toHaveLength(1);
    // asOf cuts the records after it.
    const [cut] = estimateTrainingRuns(usage, { asOf: '2026-01-30' });
    expect(cut?.windowTo).toBe('2026-01-30');
    expect(cut?.lines[0]?.acceleratorHours).toBe(30 * 240_000);
  });

  it('finds the busiest window and sums mixed accelerators per model', () => {
    const usage = [
      ...dailyUsage('acct-d', '2026-03-31', 30, {
        acceleratorModel: 'nvidia-b200',
        count: 20_000,
        hours: 24,
        utilisation: 0.35,
      }),
      ...dailyUsage('acct-d', '2026-03-31', 30, {
        acceleratorModel: 'amd-mi300x',
        count: 8_000,
        hours: 12,
        utilisation: 0.3,
      }),
      ...dailyUsage('acct-d', '2026-10-31', 5, { ...H100, count: 10 }),
    ];
    const [e] = estimateTrainingRuns(usage);
    expect(e?.windowTo).toBe('2026-03-31');
    expect(e?.lines.map((l) => l.acceleratorModel)).toEqual(['amd-mi300x', 'nvidia-b200']);
    const b200 = 2250e12 * 20_000 * 24 * 30 * 3600 * 0.35;
    const mi300 = 1307.4e12 * 8_000 * 12 * 30 * 3600 * 0.3;
    expect(e?.estimatedOps).toBeCloseTo(b200 + mi300, -15);
  });

  it('never guesses an unknown accelerator and rejects invalid records', () => {
    const usage = [
      { accountId: 'x', day: '2026-01-01', acceleratorModel: 'acme-npu-9', count: 1000, hours: 24, utilisation: 0.5 },
      {
        accountId: 'x',
        day: '2026-01-01',
        acceleratorModel: 'nvidia-h100-sxm',
        count: 10,
        hours: 25,
        utilisation: 0.5,
      },
      {
        accountId: 'x',
        day: '2026-01-02',
        acceleratorModel: 'nvidia-h100-sxm',
        count: 10,
        hours: 24,
        utilisation: 1.5,
      },
      { accountId: 'x', day: '2026-01-03', ...H100, count: 1 },
    ];
    const [e] = estimateTrainingRuns(usage);
    expect(e?.unknownModels).toEqual(['acme-npu-9']);
    expect(e?.rejected.map((r) => r.reason)).toEqual([
      'hours must be within 0–24, got 25',
      'utilisation must be within 0–1, got 1.5',
    ]);
    expect(e?.estimatedOps).toBeCloseTo(989.5e12 * 24 * 3600 * 0.4, -5);
    // A caller-supplied figure fills the gap.
    const [withSpec] = estimateTrainingRuns(usage, {
      accelerators: [
        {
          model: 'acme-npu-9',
          name: 'Acme NPU 9',
          peakDenseBf16Flops: 1e15,
          source: { url: 'https://example.com', note: 'BF16 test' },
        },
      ],
    });
    expect(withSpec?.unknownModels).toEqual([]);
  });

  it('property: operations scale linearly with count and utilisation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 24, noNaN: true }),
        (count, utilisation, hours) => {
          const r = {
            accountId: 'p',
            day: '2026-01-01',
            acceleratorModel: 'nvidia-h100-sxm',
            count,
            hours,
            utilisation,
          };
          const one = estimateRecordOps(r, 989.5e12);
          expect(estimateRecordOps({ ...r, count: count * 2 }, 989.5e12)).toBeCloseTo(
            2 * one,
            -Math.floor(Math.log10(one)) + 10,
          );
          expect(one).toBeCloseTo(989.5e12 * count * hours * 3600 * utilisation, -Math.floor(Math.log10(one)) + 10);
        },
      ),
    );
  });

  it('property: the busiest window never exceeds the total and never falls below any single day', () => {
    const rec = fc.record({
      day: fc.integer({ min: 0, max: 200 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10)),
      count: fc.integer({ min: 0, max: 5000 }),
      hours: fc.integer({ min: 0, max: 24 }),
      utilisation: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(rec, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 120 }),
        (rs, windowDays) => {
          const usage = rs.map((r) => ({ accountId: 'p', acceleratorModel: 'nvidia-h100-sxm', ...r }));
          const total = usage.reduce((s, u) => s + estimateRecordOps(u, 989.5e12), 0);
          const [e] = estimateTrainingRuns(usage, { windowDays });
          expect(e!.estimatedOps).toBeLessThanOrEqual(total * (1 + 1e-9) + 1);
          const perDay = new Map<string, number>();
          for (const u of usage) perDay.set(u.day, (perDay.get(u.day) ?? 0) + estimateRecordOps(u, 989.5e12));
          expect(e!.estimatedOps).toBeGreaterThanOrEqual(Math.max(...perDay.values()) * (1 - 1e-9) - 1);
        },
      ),
    );
  });
});

describe('draft training-run report', () => {
  it('returns a plain document: warning, customer, arithmetic, legal statuses on the day', () => {
    const app = usEntityChineseOwned({ accountId: 'acct-b' });
    const usage = dailyUsage('acct-b', '2026-06-30', 90, { ...H100, count: 100_000 });
    const [estimate] = detectLargeTrainingRuns(usage);
    const doc = draftTrainingRunReport({
      estimate: estimate!,
      generatedAt: '2026-07-01T09:00:00Z',
      reference: 'KYC-TR-0001',
      provider: 'Example Cloud Inc.',
      application: app,
      foreignPerson: determineForeignPerson(app),
    });
    expect(doc.title).toMatch(/Draft report/);
    expect(doc.sections.map((s) => s.heading)).toEqual([
      'Status of this draft',
      'Customer',
      'Training-run estimate',
      'Legal basis and status',
      'Method and limits',
    ]);
    expect(doc.sections[0]?.blocks[0]).toMatchObject({ kind: 'callout', tone: 'warning' });
    expect(doc.sections[1]?.confidential).toBe(true);
    const kv = doc.sections[1]?.blocks[0];
    expect(kv?.kind === 'keyValue' && kv.items.find((i) => i.key === 'Foreign-person determination')?.value).toMatch(
      /^foreign-person/,
    );
    const code = doc.sections[2]?.blocks.find((b) => b.kind === 'code');
    expect(code?.kind === 'code' && code.text).toMatch(/3\.078e\+26 operations ≥ threshold 1\.000e\+26/);
    const legal = doc.sections[3]?.blocks[0];
    expect(legal?.kind === 'table' && legal.rows.map((r) => r[1])).toEqual([
      'proposed-rule',
      'in-force (ended 2025-01-20)',
    ]);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
