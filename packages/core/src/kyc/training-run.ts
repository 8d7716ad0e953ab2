/**
 * Large-training-run detection from usage records. Estimated operations of a record =
 *   peak dense BF16 FLOP/s of the accelerator × count × hours × 3,600 s/h × utilisation,
 * summed per account over a rolling window of days, and compared with a configurable threshold. The default
 * threshold, 1e26 operations, is the interim condition of EO 14110 sec. 4.2(b)(i) — revoked on 20 Jan 2025 [N: R73]
 * and not stated in the reference note [U] (rule `eo14110-interim-compute-threshold`); the 2024 proposed IaaS rule's
 * training-run report (rule `iaas-large-ai-training-report`) is proposed, not in force. Reference §5(d) workflow 6:
 * "estimated FLOP = GPU type × count × hours × utilisation, with a configurable threshold".
 *
 * Peak figures are dense (no structured sparsity) BF16 tensor throughput from vendor datasheets, the precision large
 * training runs use; datasheets that state "with sparsity" are halved. Figures match the licensing catalogue
 * (licensing/classify/catalogue.data.ts). Utilisation is the share of that peak actually achieved (model FLOP
 * utilisation): the provider measures or estimates it; this module does not.
 * @module
 */
import { addDays, kycDay } from './days.js';
import type { IsoDay, UsageRecord } from './types.js';

export interface AcceleratorSpec {
  readonly model: string;
  readonly name: string;
  /** Peak dense BF16 tensor throughput, FLOP/s. */
  readonly peakDenseBf16Flops: number;
  readonly source: { readonly url: string; readonly note: string };
}

const T = 1e12;

/** Peak dense BF16 throughput by accelerator model, with datasheet sources. */
export const ACCELERATOR_PEAK_FLOPS: readonly AcceleratorSpec[] = [
  {
    model: 'nvidia-a100-sxm',
    name: 'NVIDIA A100 SXM4 80GB',
    peakDenseBf16Flops: 312 * T,
    source: {
      url: 'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet.pdf',
      note: 'A100 datasheet: BF16 Tensor Core 312 TFLOPS dense (624 with sparsity)',
    },
  },
  {
    model: 'nvidia-h100-sxm',
    name: 'NVIDIA H100 SXM5 80GB',
    peakDenseBf16Flops: 989.5 * T,
    source: {
      url: 'https://resources.nvidia.com/en-us-gpu/h100-datasheet-24306',
      note: 'H100 datasheet: BF16 Tensor Core 1,979 TFLOPS "with sparsity", halved to 989.5 dense',
    },
  },
  {
    model: 'nvidia-h100-pcie',
    name: 'NVIDIA H100 PCIe 80GB',
    peakDenseBf16Flops: 756.5 * T,
    source: {
      url: 'https://resources.nvidia.com/en-us-gpu/h100-datasheet-24306',
      note: 'H100 datasheet: BF16 Tensor Core 1,513 TFLOPS "with sparsity" (PCIe), halved to 756.5 dense',
    },
  },
  {
    model: 'nvidia-h200-sxm',
    name: 'NVIDIA H200 SXM 141GB',
    peakDenseBf16Flops: 989.5 * T,
    source: {
      url: 'https://www.nvidia.com/en-us/data-center/h200/',
      note: 'H200 datasheet: BF16 Tensor Core 1,979 TFLOPS "with sparsity", halved to 989.5 dense (same GH100 compute)',
    },
  },
  {
    model: 'nvidia-b200',
    name: 'NVIDIA B200',
    peakDenseBf16Flops: 2250 * T,
    source: {
      url: 'https://www.tech-odyssey.cn/pdf/nv-gpu/NVIDIA-Blackwell-Architecture-Technical-Overview.pdf#page=19',
      note: 'NVIDIA Blackwell technical brief (mirror): per-GPU dense FP16/BF16 2.25 PFLOPS',
    },
  },
  {
    model: 'amd-mi300x',
    name: 'AMD Instinct MI300X',
    peakDenseBf16Flops: 1307.4 * T,
    source: {
      url: 'https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/data-sheets/amd-instinct-mi300x-data-sheet.pdf',
      note: 'MI300X data sheet: BF16 1,307.4 TFLOPS dense',
    },
  },
  {
    model: 'amd-mi325x',
    name: 'AMD Instinct MI325X',
    peakDenseBf16Flops: 1307.4 * T,
    source: {
      url: 'https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/product-briefs/instinct-mi325x-datasheet.pdf',
      note: 'MI325X data sheet: BF16 1,307.4 TFLOPS dense',
    },
  },
  {
    model: 'google-tpu-v5p',
    name: 'Google Cloud TPU v5p (per chip)',
    peakDenseBf16Flops: 459 * T,
    source: {
      url: 'https://cloud.google.com/tpu/docs/v5p',
      note: 'Cloud TPU v5p documentation: 459 TFLOPS BF16 peak per chip',
    },
  },
  {
    model: 'google-tpu-v5e',
    name: 'Google Cloud TPU v5e (per chip)',
    peakDenseBf16Flops: 197 * T,
    source: {
      url: 'https://cloud.google.com/tpu/docs/v5e',
      note: 'Cloud TPU v5e documentation: 197 TFLOPS BF16 peak per chip',
    },
  },
];

/** Default threshold: 1e26 operations (EO 14110 sec. 4.2(b)(i) interim condition; revoked 20 Jan 2025). */
export const DEFAULT_TRAINING_THRESHOLD_OPS = 1e26;
/** Default rolling window, days (our choice: a frontier run lasts weeks to a few months) [U]. */
export const DEFAULT_TRAINING_WINDOW_DAYS = 90;

const SECONDS_PER_HOUR = 3600;

/** Why a usage record was not counted; undefined when it is valid. */
export function usageRecordProblem(u: UsageRecord): string | undefined {
  try {
    kycDay(u.day);
  } catch {
    return `invalid day ${JSON.stringify(u.day)}`;
  }
  if (!Number.isFinite(u.count) || u.count < 0) return `count must be a non-negative number, got ${u.count}`;
  if (!Number.isFinite(u.hours) || u.hours < 0 || u.hours > 24) return `hours must be within 0–24, got ${u.hours}`;
  if (!Number.isFinite(u.utilisation) || u.utilisation < 0 || u.utilisation > 1) {
    return `utilisation must be within 0–1, got ${u.utilisation}`;
  }
  return undefined;
}

/** Estimated operations of one record: peak × count × hours × 3,600 × utilisation. */
export function estimateRecordOps(u: UsageRecord, peakFlops: number): number {
  return peakFlops * u.count * u.hours * SECONDS_PER_HOUR * u.utilisation;
}

/** One accelerator model's share of a window. */
export interface TrainingRunLine {
  readonly acceleratorModel: string;
  readonly name: string;
  readonly peakDenseBf16Flops: number;
  /** Σ count × hours. */
  readonly acceleratorHours: number;
  /** Σ count × hours × utilisation. */
  readonly utilisedAcceleratorHours: number;
  /** utilisedAcceleratorHours / acceleratorHours. */
  readonly meanUtilisation: number;
  readonly ops: number;
  /** The multiplication, written out. */
  readonly arithmetic: string;
  readonly source: string;
}

export interface RejectedUsage {
  readonly record: UsageRecord;
  readonly reason: string;
}

/** One account's estimate over its busiest window. */
export interface TrainingRunEstimate {
  readonly accountId: string;
  /** Inclusive bounds of the window with the most operations. */
  readonly windowFrom: IsoDay;
  readonly windowTo: IsoDay;
  readonly windowDays: number;
  readonly estimatedOps: number;
  readonly thresholdOps: number;
  readonly crossesThreshold: boolean;
  /** estimatedOps / thresholdOps. */
  readonly fractionOfThreshold: number;
  readonly lines: readonly TrainingRunLine[];
  /** The whole sum, written out. */
  readonly arithmetic: readonly string[];
  /** Records skipped because the accelerator model has no peak figure ("needs input"). */
  readonly unknownModels: readonly string[];
  readonly rejected: readonly RejectedUsage[];
  /** Rules the estimate serves, with their status noted in `legalNote`. */
  readonly ruleIds: readonly string[];
  readonly legalNote: string;
}

export interface TrainingRunOptions {
  /** Default 1e26 operations. */
  readonly thresholdOps?: number;
  /** Rolling window length in days. Default 90. */
  readonly windowDays?: number;
  /** Ignore records after this day (the evaluation day). */
  readonly asOf?: string;
  /** Peak figures to use instead of, or in addition to, the bundled table. */
  readonly accelerators?: readonly AcceleratorSpec[];
}

export const TRAINING_RUN_LEGAL_NOTE =
  'The report requirement is in the 2024 proposed IaaS rule (89 FR 5698), never finalized as of Jun 2026 [N: R73]. ' +
  'The 1e26-operation default is the EO 14110 interim threshold; EO 14110 was revoked on 20 Jan 2025 [N: R73]. ' +
  'The estimate is a screening number for review, not a legal determination.';

/** Scientific notation with 4 significant digits, e.g. 3.078e+25. */
export function sci(x: number): string {
  return x.toExponential(3);
}

/** Thousands-grouped number without locale (1234567.5 → "1,234,567.5"). */
export function grouped(x: number): string {
  const [int, frac] = String(Math.round(x * 1000) / 1000).split('.');
  const withCommas = (int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${withCommas}.${frac}` : withCommas;
}

function tableOf(extra: readonly AcceleratorSpec[] | undefined): Map<string, AcceleratorSpec> {
  const m = new Map(ACCELERATOR_PEAK_FLOPS.map((a) => [a.model, a]));
  for (const a of extra ?? []) m.set(a.model, a);
  return m;
}

interface Counted {
  readonly record: UsageRecord;
  readonly day: IsoDay;
  readonly ops: number;
}

/** The breakdown of `records` (all in one window) by accelerator model. */
function linesOf(records: readonly Counted[], table: Map<string, AcceleratorSpec>): TrainingRunLine[] {
  const byModel = new Map<string, { hours: number; utilised: number; ops: number }>();
  for (const c of records) {
    const acc = byModel.get(c.record.acceleratorModel) ?? { hours: 0, utilised: 0, ops: 0 };
    acc.hours += c.record.count * c.record.hours;
    acc.utilised += c.record.count * c.record.hours * c.record.utilisation;
    acc.ops += c.ops;
    byModel.set(c.record.acceleratorModel, acc);
  }
  return [...byModel.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([model, acc]) => {
      const spec = table.get(model)!;
      const meanUtilisation = acc.hours === 0 ? 0 : acc.utilised / acc.hours;
      return {
        acceleratorModel: model,
        name: spec.name,
        peakDenseBf16Flops: spec.peakDenseBf16Flops,
        acceleratorHours: acc.hours,
        utilisedAcceleratorHours: acc.utilised,
        meanUtilisation,
        ops: acc.ops,
        arithmetic:
          `${spec.name}: ${sci(spec.peakDenseBf16Flops)} FLOP/s × ${grouped(acc.hours)} accelerator-hours × ` +
          `${SECONDS_PER_HOUR} s/h × ${meanUtilisation.toFixed(4)} mean utilisation = ${sci(acc.ops)} operations`,
        source: `${spec.source.note} (${spec.source.url})`,
      };
    });
}

/**
 * Per-account estimates over each account's busiest rolling window (the window of `windowDays` days, ending on a
 * day with usage, with the most estimated operations). Every account with valid usage gets an estimate; filter on
 * `crossesThreshold` for findings. Accounts are sorted by id.
 */
export function estimateTrainingRuns(
  usage: readonly UsageRecord[],
  options: TrainingRunOptions = {},
): TrainingRunEstimate[] {
  const thresholdOps = options.thresholdOps ?? DEFAULT_TRAINING_THRESHOLD_OPS;
  const windowDays = options.windowDays ?? DEFAULT_TRAINING_WINDOW_DAYS;
  if (!(thresholdOps > 0)) throw new Error('thresholdOps must be positive');
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new Error('windowDays must be a positive integer');
  const asOf = options.asOf === undefined ? undefined : kycDay(options.asOf);
  const table = tableOf(options.accelerators);

  const perAccount = new Map<string, { counted: Counted[]; unknown: Set<string>; rejected: RejectedUsage[] }>();
  for (const record of usage) {
    const acc = perAccount.get(record.accountId) ?? { counted: [], unknown: new Set<string>(), rejected: [] };
    perAccount.set(record.accountId, acc);
    const problem = usageRecordProblem(record);
    if (problem) {
      acc.rejected.push({ record, reason: problem });
      continue;
    }
    const day = kycDay(record.day);
    if (asOf !== undefined && day > asOf) continue;
    const spec = table.get(record.acceleratorModel);
    if (!spec) {
      acc.unknown.add(record.acceleratorModel);
      continue;
    }
    acc.counted.push({ record, day, ops: estimateRecordOps(record, spec.peakDenseBf16Flops) });
  }

  const out: TrainingRunEstimate[] = [];
  for (const accountId of [...perAccount.keys()].sort()) {
    const { counted, unknown, rejected } = perAccount.get(accountId)!;
    const daily = new Map<IsoDay, number>();
    for (const c of counted) daily.set(c.day, (daily.get(c.day) ?? 0) + c.ops);
    const days = [...daily.keys()].sort();
    // Two pointers over the sorted days: the window (end - windowDays, end] for each end day.
    let best = { from: days[0] ?? asOf ?? '1970-01-01', to: days[0] ?? asOf ?? '1970-01-01', ops: 0 };
    let lo = 0;
    let sum = 0;
    for (const end of days) {
      sum += daily.get(end)!;
      const start = addDays(end, -(windowDays - 1));
      while (days[lo]! < start) {
        sum -= daily.get(days[lo]!)!;
        lo++;
      }
      if (sum > best.ops) best = { from: start, to: end, ops: sum };
    }
    const inWindow = counted.filter((c) => c.day >= best.from && c.day <= best.to);
    const lines = linesOf(inWindow, table);
    // Re-sum from the records (not the running sum) so the total equals the shown lines exactly.
    const estimatedOps = lines.reduce((s, l) => s + l.ops, 0);
    const crossesThreshold = estimatedOps >= thresholdOps;
    out.push({
      accountId,
      windowFrom: best.from,
      windowTo: best.to,
      windowDays,
      estimatedOps,
      thresholdOps,
      crossesThreshold,
      fractionOfThreshold: estimatedOps / thresholdOps,
      lines,
      arithmetic: [
        ...lines.map((l) => l.arithmetic),
        `Total ${best.from}…${best.to} (${windowDays}-day window): ${sci(estimatedOps)} operations ` +
          `${crossesThreshold ? '≥' : '<'} threshold ${sci(thresholdOps)}`,
      ],
      unknownModels: [...unknown].sort(),
      rejected,
      ruleIds: ['iaas-large-ai-training-report', 'eo14110-interim-compute-threshold'],
      legalNote: TRAINING_RUN_LEGAL_NOTE,
    });
  }
  return out;
}

/** The estimates that reach the threshold. */
export function detectLargeTrainingRuns(
  usage: readonly UsageRecord[],
  options: TrainingRunOptions = {},
): TrainingRunEstimate[] {
  return estimateTrainingRuns(usage, options).filter((e) => e.crossesThreshold);
}
