/**
 * License-determination benchmark. Prints ONE JSON object on stdout (progress on stderr).
 * - Speed: determinations per second on one core (classification done once per item and timed separately).
 *   Workload: the dated scenario suite (non-error cases) plus the coverage probes, cycled.
 * - Coverage: every ECCN in the bundled CCL (with its .a/.b/.c / .z levels) × nine probe destinations as of
 *   2026-11-22, counted as resolved / interpreted / sent to review (docs/determination.md).
 * Run: npx tsx bench/determination.ts [--iterations N]
 * @module
 */
import { cpus } from 'node:os';
import { classify } from '../packages/core/src/licensing/classify/index.js';
import type { CaseFile } from '../packages/core/src/licensing/determine/case-file.js';
import { determine } from '../packages/core/src/licensing/determine/index.js';
import { BUNDLED_RULES } from '../packages/core/src/licensing/rules/index.js';
import { caseItemSpec } from '../packages/core/src/licensing/scenarios/run.js';
import { SCENARIOS } from '../packages/core/src/licensing/scenarios/scenarios.js';
import type { Classification } from '../packages/core/src/licensing/types.js';

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const ITERATIONS = arg('--iterations', 60_000);
const PROBE_DATE = '2026-11-22';
const PROBE_DESTINATIONS = ['CN', 'RU', 'DE', 'IN', 'AE', 'MO', 'KP', 'IQ', 'CA'];

/** Probe classifications: one per CCL entry, and per advanced-computing level where the entry has them. */
function probeItems(): { label: string; c: Classification }[] {
  const mk = (
    eccn: string,
    paragraphs: string[],
    extra: Partial<Classification['item']> = {},
    tpp?: number,
  ): Classification => ({
    status: eccn === 'EAR99' ? 'not-listed' : 'classified',
    eccn,
    paragraphs,
    metrics: tpp ? { tpp, totalDramBandwidthGBs: 4800, memoryBandwidthDensityGBsPerMm2: 10 } : {},
    textVersion: 'probe',
    reasoning: [],
    needsInput: [],
    flags: [],
    item: { kind: 'other', eccn, datacenter: true, ...extra },
  });
  const out: { label: string; c: Classification }[] = [];
  for (const e of BUNDLED_RULES.ccl) {
    switch (e.eccn) {
      case '3A090':
        out.push({ label: '3A090.a', c: mk('3A090.a', ['3A090.a.1'], { kind: 'integrated-circuit' }, 15832) });
        out.push({ label: '3A090.b', c: mk('3A090.b', ['3A090.b.1'], { kind: 'integrated-circuit' }, 3000) });
        out.push({ label: '3A090.c', c: mk('3A090.c', ['3A090.c'], { kind: 'hbm' }) });
        break;
      case '4A090':
        out.push({ label: '4A090.a', c: mk('4A090.a', ['4A090.a'], { kind: 'computer' }, 15832) });
        out.push({ label: '4A090.b', c: mk('4A090.b', ['4A090.b'], { kind: 'computer' }, 3000) });
        break;
      case '4D090':
        out.push({ label: '4D090 (4A090.a)', c: mk('4D090', ['4D090 for 4A090.a']) });
        break;
      case 'EAR99':
        out.push({ label: 'EAR99', c: mk('EAR99', []) });
        break;
      default: {
        out.push({ label: e.eccn, c: mk(e.eccn, [e.eccn]) });
        if (/\.z/.test(e.heading) || e.note?.includes('.z:')) {
          out.push({
            label: `${e.eccn}.z (3A090.a level)`,
            c: mk(`${e.eccn}.z`, [`${e.eccn}.z (3A090.a)`], {}, 15832),
          });
        }
      }
    }
  }
  return out;
}

function probeCase(dest: string): CaseFile {
  return {
    item: { spec: { kind: 'other' } },
    quantity: 1,
    valueUsd: 100_000,
    transactionKind: 'export',
    shipFrom: 'US',
    destination: dest,
    parties: [
      {
        role: 'ultimate-consignee',
        name: 'Probe Co',
        country: dest,
        headquarters: dest,
        ultimateParentHeadquarters: dest,
      },
      { role: 'end-user', name: 'Probe Co', country: dest, headquarters: dest, ultimateParentHeadquarters: dest },
    ],
    endUse: {
      supercomputer: false,
      advancedNodeFab: false,
      smeDevelopment: false,
      military: false,
      militaryIntelligence: false,
      aiTrainingForD5Hq: false,
    },
    usContent: { usOriginItem: true },
    certifications: { h200PathCertifications: false },
    shipDate: PROBE_DATE,
  };
}

function main() {
  log(`determination bench: ${cpus().length} cpu(s), node ${process.version}`);
  // ---------------------------------------------------------------- classification (once per item)
  const scenarioCases = SCENARIOS.filter((s) => !s.expect.error).map((s) => s.caseFile);
  const t0 = performance.now();
  let classifications = 0;
  const work: { cf: CaseFile; c: Classification }[] = [];
  for (const cf of scenarioCases) {
    const c = classify(caseItemSpec(cf), cf.shipDate);
    classifications++;
    work.push({ cf, c });
  }
  const classifyMs = performance.now() - t0;
  // repeat classification to get a stable per-item rate
  const reps = 200;
  const t1 = performance.now();
  for (let i = 0; i < reps; i++) for (const cf of scenarioCases) classify(caseItemSpec(cf), cf.shipDate);
  const classifyRate = (reps * scenarioCases.length) / ((performance.now() - t1) / 1000);
  log(
    `classified ${classifications} scenario items in ${classifyMs.toFixed(1)} ms (steady ${classifyRate.toFixed(0)}/s)`,
  );

  // ---------------------------------------------------------------- coverage
  const probes = probeItems();
  const coverage = { resolved: 0, interpreted: 0, review: 0, errors: 0 };
  const reviewCases: string[] = [];
  for (const p of probes) {
    for (const dest of PROBE_DESTINATIONS) {
      const cf = probeCase(dest);
      try {
        const d = determine(cf, p.c, BUNDLED_RULES);
        coverage[d.outcome]++;
        if (d.outcome === 'review') reviewCases.push(`${p.label}→${dest}: ${d.incomplete.join(', ')}`);
        work.push({ cf, c: p.c });
      } catch (e) {
        coverage.errors++;
        log(`probe ${p.label} → ${dest} failed: ${(e as Error).message}`);
      }
    }
  }
  const probeTotal = probes.length * PROBE_DESTINATIONS.length;
  log(
    `coverage: ${JSON.stringify(coverage)} of ${probeTotal} probes (${probes.length} items × ${PROBE_DESTINATIONS.length} destinations)`,
  );

  // ---------------------------------------------------------------- speed
  for (let i = 0; i < 2000; i++) {
    const w = work[i % work.length]!;
    determine(w.cf, w.c, BUNDLED_RULES);
  }
  const t2 = performance.now();
  let sink = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const w = work[i % work.length]!;
    sink += determine(w.cf, w.c, BUNDLED_RULES).requirements.length;
  }
  const seconds = (performance.now() - t2) / 1000;
  const rate = ITERATIONS / seconds;
  log(`${ITERATIONS} determinations in ${seconds.toFixed(2)} s → ${rate.toFixed(0)}/s (checksum ${sink})`);

  const answered = coverage.resolved + coverage.interpreted;
  const out = {
    name: 'determination',
    description:
      'License determination engine: determinations per second on one core (scenario suite + coverage probes, classification done once per item), and coverage of every bundled CCL ECCN × 9 destinations as of 2026-11-22.',
    results: [
      {
        metric: 'determinations per second, one core',
        value: Math.round(rate),
        target: '>= 10000',
        pass: rate >= 10_000,
      },
      {
        metric: 'classifications per second (context: done once per item)',
        value: Math.round(classifyRate),
        target: 'report',
        anchor: 'classify() per scenario item, reported for context (done once per item)',
        pass: true,
      },
      {
        metric: 'mean determination time (µs)',
        value: Math.round((seconds / ITERATIONS) * 1e6 * 10) / 10,
        target: '<= 100',
        pass: (seconds / ITERATIONS) * 1e6 <= 100,
      },
      {
        metric: 'coverage probes answered without error (every bundled CCL ECCN × 9 destinations)',
        value: probeTotal - coverage.errors,
        target: `= ${probeTotal}`,
        anchor: `${probes.length} items × 9 destinations`,
        pass: coverage.errors === 0,
      },
      {
        metric: 'coverage: resolved',
        value: coverage.resolved,
        target: 'report',
        anchor: 'definite yes/no from rule text',
        pass: true,
      },
      {
        metric: 'coverage: interpreted',
        value: coverage.interpreted,
        target: 'report',
        anchor: 'answer depends on a flagged interpretation',
        pass: true,
      },
      {
        metric: 'coverage: sent to review',
        value: coverage.review,
        target: 'report',
        anchor: "'unknown' pending facts or legal ambiguity",
        pass: true,
      },
      {
        metric: 'coverage: answered (resolved + interpreted) fraction',
        value: Math.round((answered / probeTotal) * 1000) / 1000,
        target: '>= 0.9',
        pass: answered / probeTotal >= 0.9,
      },
    ],
    notes: [
      `${cpus().length} cpu(s), ${process.version}, single-threaded; ${ITERATIONS} timed determinations over ${work.length} distinct cases`,
      `classification: ${classifications} scenario items classified once (${classifyMs.toFixed(1)} ms cold), steady ${Math.round(classifyRate)}/s`,
      `probe date ${PROBE_DATE}; destinations ${PROBE_DESTINATIONS.join(', ')}; US-origin export, consignee/end user located and headquartered in the destination, all end uses known false`,
      ...(reviewCases.length ? [`sent to review: ${reviewCases.slice(0, 10).join(' | ')}`] : []),
    ],
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main();
