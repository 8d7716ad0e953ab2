/**
 * Synthesis-screening benchmark (packages/core/src/synthesis). Prints ONE JSON object on stdout (progress on stderr).
 * Everything is synthetic and seeded: the "concerns" are random sequences registered as concerns (no real sequence
 * of concern exists in this repository).
 * - Concern DB: ~4.5 Mnt of DNA concerns (indexed on both strands) + ~0.5 M aa of protein concerns (~5 MB).
 * - Orders: ~20 Mnt of benign DNA orders (random, GC-rich, repeats, vector-like backbone) screened on one core,
 *   DNA windows and six-frame translation → bases/s.
 * - Recall on seeded hazard cases (exact, reverse complement, offset, point-mutated, back-translated, split across
 *   orders and within an oligo pool) under the 200 nt policy, and 60–199 nt cases under the 50 nt policy.
 * - False-flag rate on a benign corpus of every category, under both policies.
 * Run: npx tsx bench/synthesis.ts [--orders-mb N]
 * @module
 */
import { cpus } from 'node:os';
import { mulberry32 } from '../packages/core/src/monitoring/prng.js';
import {
  benignCorpus,
  buildConcernIndex,
  evaluateBenign,
  evaluateHazards,
  hazardCases,
  indexStats,
  type OrderInput,
  policyAt,
  randomDna,
  screenOrder,
  syntheticConcernDb,
} from '../packages/core/src/synthesis/index.js';

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const MB = 2 ** 20;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function benignOrders(seed: number, totalNt: number): OrderInput[] {
  const rng = mulberry32(seed);
  const backbone = randomDna(mulberry32(424_242), 2_700);
  const orders: OrderInput[] = [];
  let nt = 0;
  for (let o = 0; nt < totalNt; o++) {
    const records: OrderInput['records'][number][] = [];
    const n = 1 + rng.int(12);
    for (let r = 0; r < n && nt < totalNt; r++) {
      const len = 500 + rng.int(5_500);
      const pick = rng.int(10);
      const sequence =
        pick < 6
          ? randomDna(rng, len)
          : pick < 8
            ? randomDna(rng, len, 0.68)
            : pick < 9
              ? backbone + randomDna(rng, len)
              : `${randomDna(rng, len >> 1)}${'CAG'.repeat(40)}${'A'.repeat(60)}${randomDna(rng, len >> 1)}`;
      records.push({ id: `o${o}-r${r}`, sequence, kind: 'dna' });
      nt += sequence.length;
    }
    orders.push({ id: `ORD-${o}`, date: '2026-03-01', records });
  }
  return orders;
}

function main(): void {
  const arg = process.argv.indexOf('--orders-mb');
  const ordersNt = Math.round((arg > 0 ? Number(process.argv[arg + 1]) : 20) * 1e6);
  log('generating concern DB…');
  const db = syntheticConcernDb(20_261_013, {
    dnaConcerns: 1_500,
    dnaLength: [2_000, 4_000],
    proteinConcerns: 1_000,
    proteinLength: [300, 700],
  });
  const dbResidues = db.reduce((n, c) => n + c.sequence.length, 0);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const index = buildConcernIndex(db);
  const buildMs = performance.now() - t0;
  const stats = indexStats(index);
  log(
    `index: ${stats.concerns} concerns, ${dbResidues} residues, ${stats.dnaSeeds} DNA seeds, built in ${Math.round(buildMs)} ms`,
  );

  log(`generating ~${ordersNt / 1e6} Mnt of benign orders…`);
  const orders = benignOrders(7, ordersNt);
  const orderNt = orders.reduce((n, o) => n + o.records.reduce((m, r) => m + r.sequence.length, 0), 0);
  for (const o of orders.slice(0, 20)) screenOrder(index, o); // warm-up (JIT)
  const perOrder: number[] = [];
  let flaggedOrders = 0;
  let warnedOrders = 0;
  const tAll = performance.now();
  orders.forEach((o, i) => {
    const s = performance.now();
    const r = screenOrder(index, o);
    perOrder.push(performance.now() - s);
    if (r.outcome === 'Flag') flaggedOrders++;
    else if (r.outcome === 'Warning') warnedOrders++;
    if (i > 0 && i % 500 === 0) log(`orders ${i}/${orders.length}`);
  });
  const screenMs = performance.now() - tAll;
  const basesPerSecond = orderNt / (screenMs / 1000);
  perOrder.sort((a, b) => a - b);

  log('recall on seeded hazards…');
  const cases200 = hazardCases(31, db, { count: 450, date: '2026-03-01' });
  const ev200 = evaluateHazards(index, cases200);
  const cases50 = hazardCases(32, db, { count: 180, date: '2026-10-13', lengthNt: [60, 199] });
  const ev50 = evaluateHazards(index, cases50, policyAt('2026-10-13'));
  const recall = (ev200.detected + ev50.detected) / (ev200.total + ev50.total);

  log('benign corpus…');
  const benign = benignCorpus(33, 4_500, 3_000);
  const b200 = evaluateBenign(index, benign, '2026-03-01');
  const b50 = evaluateBenign(index, benign, '2026-10-13');
  const falseFlagRate = Math.max(b200.falseFlagRate, b50.falseFlagRate);
  const benignOrderFlagRate = flaggedOrders / orders.length;

  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  const results = [
    {
      metric: 'screening throughput (bases/s, one core, DNA windows + six-frame translation)',
      value: Math.round(basesPerSecond),
      target: '>= 1000000',
      pass: basesPerSecond >= 1e6,
    },
    {
      metric: 'order latency p95 (ms, orders of 1–12 records of 0.5–6 kb)',
      value: r3(percentile(perOrder, 0.95)),
      target: '<= 1000',
      anchor: 'reference §5(c): p95 screening latency per order in seconds',
      pass: percentile(perOrder, 0.95) <= 1000,
    },
    {
      metric: 'recall on seeded synthetic hazards (all kinds, both policies)',
      value: r3(recall),
      target: '= 1',
      anchor: 'reference §5(c): 100% recall of seeded synthetic hazards; NIST baseline tools > 95% sensitivity (R63)',
      pass: recall === 1,
    },
    {
      metric: 'false-flag rate, benign corpus (records)',
      value: r3(falseFlagRate),
      target: '<= 0.01',
      anchor: 'reference §5(c): ≤ 1% (author target)',
      pass: falseFlagRate <= 0.01,
    },
    {
      metric: 'false-flag rate, benign throughput orders',
      value: r3(benignOrderFlagRate),
      target: '<= 0.01',
      pass: benignOrderFlagRate <= 0.01,
    },
    {
      metric: 'index build time (ms, ~5 M residues)',
      value: Math.round(buildMs),
      target: '<= 15000',
      pass: buildMs <= 15_000,
    },
    { metric: 'peak RSS (MB)', value: peakRssMB, target: '<= 2048', pass: peakRssMB <= 2048 },
  ];
  const out = {
    name: 'synthesis',
    description:
      'Nucleic-acid synthesis screening core on seeded synthetic data: a ~5 M-residue database of random ' +
      'stand-in concerns (DNA on both strands + protein), ~20 Mnt of benign orders screened on one core, recall ' +
      'on seeded hazards (exact, reverse complement, offset, point-mutated, back-translated, split), false flags ' +
      'on a benign corpus (random, low-complexity, repeats, vector-like, RNA, protein).',
    machine: { node: process.version, cpus: cpus().length },
    index: { ...stats, residues: dbResidues, version: index.version, rssBeforeBuildMB: Math.round(rssBefore / MB) },
    orders: {
      count: orders.length,
      nt: orderNt,
      flagged: flaggedOrders,
      warned: warnedOrders,
      screenMs: Math.round(screenMs),
    },
    recall: {
      policy200: {
        total: ev200.total,
        detected: ev200.detected,
        byKind: ev200.byKind,
        missed: ev200.missed.slice(0, 20),
      },
      policy50: { total: ev50.total, detected: ev50.detected, missed: ev50.missed.slice(0, 20) },
    },
    benign: {
      records: benign.length,
      policy200: { flags: b200.flags, warnings: b200.warnings },
      policy50: { flags: b50.flags, warnings: b50.warnings },
    },
    results,
    notes: [
      'Synthetic random concerns only: recall and false flags measure the matcher, not biological coverage; ' +
        'comparison with the NIST blinded set (R63) needs a partner lab.',
      'Throughput counts order bases; each base is looked up once in the DNA table and once per reading frame ' +
        '(as amino acids) in the protein table.',
    ],
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main();
