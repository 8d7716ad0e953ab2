/**
 * Screening quality benchmark. Prints ONE JSON object on stdout (progress on stderr):
 *  - F1 on the OpenSanctions nomenklatura name pairs and the Watchman/Cascade company-vessel pairs,
 *    at the shipped REVIEW_THRESHOLD (the "match" decision) and at ALERT_THRESHOLD;
 *  - zero false positives in the Cascade numbered-vessel / numbered-SPV / numeral categories;
 *  - top-1 recall of the yente "treated" UN queries against the UN consolidated list;
 *  - alert rate of 100,000 synthetic negatives against the CSL snapshot.
 * Run: npx tsx bench/screening-quality.ts [--negatives N]   (N = sample size, default all 100,000)
 * @module
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseCsl } from '../packages/core/src/lists/csl.js';
import { parseUnXml } from '../packages/core/src/lists/un-xml.js';
import {
  ALERT_THRESHOLD,
  buildIndex,
  compareNames,
  MATCHER_VERSION,
  REVIEW_THRESHOLD,
  type ScreeningIndex,
  screen,
} from '../packages/core/src/screening/matching/index.js';
import { normalizeName } from '../packages/core/src/screening/matching/normalize.js';
import type { ListEntry } from '../packages/core/src/screening/types.js';
import { countryCode } from '../packages/core/src/util/countries.js';
import { confusion, dataPath, f1, type PairCase, readCsv, readPairs } from './screening-data.js';

interface Result {
  metric: string;
  value: number;
  target: string;
  anchor?: string;
  pass: boolean;
  detail?: Record<string, unknown>;
}

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function pairMetrics(
  file: string,
  label: string,
  target: number,
  anchor: string,
): { results: Result[]; cases: PairCase[]; scores: number[] } {
  const cases = readPairs(file);
  const scores = cases.map((c) => compareNames(c.name1, c.name2, c.type).score);
  const truth = cases.map((c) => c.isMatch);
  const results: Result[] = [];
  for (const [name, t] of [
    ['review', REVIEW_THRESHOLD],
    ['alert', ALERT_THRESHOLD],
  ] as const) {
    const c = confusion(scores, truth, t);
    const m = f1(c);
    results.push({
      metric: `F1 ${label} @ ${name} threshold ${t}`,
      value: r3(m.f1),
      target: name === 'review' ? `>= ${target}` : 'reported',
      anchor,
      pass: name === 'review' ? m.f1 >= target : true,
      detail: { precision: r3(m.precision), recall: r3(m.recall), ...c, pairs: cases.length },
    });
  }
  return { results, cases, scores };
}

function numeralFalsePositives(cases: readonly PairCase[], scores: readonly number[]): Result {
  const cats = new Set(['numbered-spv', 'vessel-numeral', 'numeral-changed']);
  const fps = cases
    .map((c, i) => ({ c, s: scores[i] as number }))
    .filter(({ c, s }) => cats.has(c.category) && !c.isMatch && s >= REVIEW_THRESHOLD)
    .map(({ c, s }) => `${c.name1} | ${c.name2} = ${s}`);
  return {
    metric: 'Cascade false positives in numbered-spv / vessel-numeral / numeral-changed @ review',
    value: fps.length,
    target: '= 0',
    anchor: 'Watchman scores "Leasing 3" vs "Leasing 6" at 0.84–0.86',
    pass: fps.length === 0,
    detail: { falsePositives: fps },
  };
}

/**
 * UN recall. The treated CSV rows are perturbed UN names; row i of the untreated CSV is the clean name of
 * the same person. Success = the top hit for the treated name is an entry that carries the untreated name
 * (compared after normalisation, so case and punctuation do not matter).
 */
function unRecall(): Result {
  const parsed = parseUnXml(readFileSync(dataPath('moov-io_watchman_UN_consolidated.xml'), 'utf8'));
  const index = buildIndex(parsed.entries);
  const treated = readCsv('opensanctions_yente_positives_un_treated.csv');
  const clean = readCsv('opensanctions_yente_positives_un_untreated.csv');
  const keyOf = (s: string) => normalizeName(s, 'unknown').latin.compact;
  const entryKeys = new Map<string, Set<string>>();
  for (const e of parsed.entries) {
    for (const n of e.names) {
      const k = keyOf(n.value);
      const set = entryKeys.get(k) ?? new Set<string>();
      set.add(e.key);
      entryKeys.set(k, set);
    }
  }
  let ok = 0;
  let resolvable = 0;
  const misses: string[] = [];
  treated.forEach((row, i) => {
    const want = entryKeys.get(keyOf(clean[i]?.full_name ?? ''));
    if (!want) return;
    resolvable++;
    const top = screen(index, { name: row.full_name ?? '' }, { limit: 1, minScore: 0 })[0];
    if (top && want.has(top.entryKey)) ok++;
    else if (misses.length < 15)
      misses.push(`${row.full_name} → ${top?.matchedName ?? '-'} (${top?.score ?? 0}); want ${clean[i]?.full_name}`);
  });
  const recall = ok / Math.max(1, resolvable);
  return {
    metric: 'top-1 recall, yente UN treated queries vs UN consolidated list',
    value: r3(recall),
    target: '>= 0.99',
    anchor: 'naive trigram baseline 0.997 (reference §4.2)',
    pass: recall >= 0.99,
    detail: {
      queries: treated.length,
      resolvable,
      correct: ok,
      unEntries: parsed.entries.length,
      unNames: index.nameCount,
      misses,
    },
  };
}

function loadCsl(): ListEntry[] {
  return parseCsl(readFileSync(dataPath('moov-io_watchman_csl.csv'), 'utf8')).entries;
}

function negativesAlertRate(index: ScreeningIndex, sample: number): Result {
  const rows = [
    ...readCsv('opensanctions_yente_negatives_us.csv'),
    ...readCsv('opensanctions_yente_negatives_global.csv'),
  ];
  const step = Math.max(1, Math.floor(rows.length / sample));
  const picked = rows.filter((_, i) => i % step === 0).slice(0, sample);
  let alerts = 0;
  let reviews = 0;
  const bands: Record<string, number> = {};
  const examples: string[] = [];
  const t0 = performance.now();
  picked.forEach((row, i) => {
    const country = countryCode(row.nationality ?? '');
    const hits = screen(
      index,
      { name: row.full_name ?? '', type: 'person', ...(country ? { country } : {}) },
      { limit: 1, minScore: 0 },
    );
    const top = hits[0]?.score ?? 0;
    const band = top >= 100 ? '100' : `${Math.floor(top / 5) * 5}`;
    bands[band] = (bands[band] ?? 0) + 1;
    if (top >= ALERT_THRESHOLD) {
      alerts++;
      if (examples.length < 15) examples.push(`${row.full_name} → ${hits[0]?.matchedName} (${top})`);
    } else if (top >= REVIEW_THRESHOLD) reviews++;
    if (i > 0 && i % 10000 === 0) log(`negatives ${i}/${picked.length}`);
  });
  const ms = performance.now() - t0;
  const rate = alerts / picked.length;
  return {
    metric: 'alert rate, synthetic negatives (yente us+global) vs CSL snapshot',
    value: r3(rate * 100) / 100,
    target: '<= 0.01',
    anchor: 'naive JW ≥ 0.80: 10% (US), 7.8% (global) on the same CSL snapshot',
    pass: rate <= 0.01,
    detail: {
      names: picked.length,
      alerts,
      reviewRate: r3(reviews / picked.length),
      topScoreHistogram: bands,
      examples,
      msPerQuery: r3(ms / picked.length),
      cslEntries: index.size,
      cslNames: index.nameCount,
    },
  };
}

function main(): void {
  const arg = process.argv.indexOf('--negatives');
  const sample = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;
  const results: Result[] = [];
  log('pairs: nomenklatura');
  results.push(
    ...pairMetrics(
      'opensanctions_nomenklatura_cases.csv',
      'nomenklatura cases',
      0.85,
      'OpenSanctions logic-v2 F1 0.79 @0.70',
    ).results,
  );
  log('pairs: cascade');
  const cascade = pairMetrics(
    'moov-io_watchman_cascade-name-pairs.csv',
    'Cascade company/vessel pairs',
    0.7,
    'Watchman best F1 0.55',
  );
  results.push(...cascade.results, numeralFalsePositives(cascade.cases, cascade.scores));
  log('UN recall');
  results.push(unRecall());
  log('negatives vs CSL');
  const csl = buildIndex(loadCsl());
  results.push(negativesAlertRate(csl, sample));
  const out = {
    name: 'screening-quality',
    matcherVersion: MATCHER_VERSION,
    thresholds: { review: REVIEW_THRESHOLD, alert: ALERT_THRESHOLD, matchDecision: 'score >= review threshold' },
    machine: { node: process.version, cpus: cpus().length, date: new Date().toISOString().slice(0, 10) },
    results,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main();
