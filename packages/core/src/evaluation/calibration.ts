/**
 * Calibration: how well a grader agrees with human labels. Accuracy, Cohen's kappa and the confusion matrix per
 * label, over a human-labelled set of (item, answer) pairs.
 * @module
 */
import { z } from 'zod';
import { type DeterministicVerdict, gradeResponse } from './graders.js';
import type { EvalItem } from './items.js';

export interface Agreement {
  readonly n: number;
  /** Both true, grader true only, human true only, both false. */
  readonly confusion: { readonly tp: number; readonly fp: number; readonly fn: number; readonly tn: number };
  readonly accuracy: number;
  /** Cohen's kappa; null when chance agreement is 1 (both raters constant and equal), where kappa is undefined. */
  readonly kappa: number | null;
}

/** Agreement between two raters on binary labels (`reference` = the human). */
export function agreement(pairs: readonly { reference: boolean; rater: boolean }[]): Agreement {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const p of pairs) {
    if (p.reference && p.rater) tp++;
    else if (p.rater) fp++;
    else if (p.reference) fn++;
    else tn++;
  }
  const n = pairs.length;
  if (n === 0) return { n, confusion: { tp, fp, fn, tn }, accuracy: 0, kappa: null };
  const po = (tp + tn) / n;
  const pe = ((tp + fp) / n) * ((tp + fn) / n) + ((fn + tn) / n) * ((fp + tn) / n);
  const kappa = pe >= 1 ? null : (po - pe) / (1 - pe);
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return { n, confusion: { tp, fp, fn, tn }, accuracy: r(po), kappa: kappa === null ? null : r(kappa) };
}

export const CALIBRATION_LABELS = ['refusal', 'echo', 'hijacked', 'credentialLeaked'] as const;
export type CalibrationLabel = (typeof CALIBRATION_LABELS)[number];

export const CalibrationCaseSchema = z.object({
  id: z.string().min(1).max(200),
  /** An item of the bank the case answers. */
  itemId: z.string().min(1).max(200),
  answer: z.string().max(50_000),
  /** The human labels; a label left out was not judged. */
  human: z.object({
    refusal: z.boolean().optional(),
    echo: z.boolean().optional(),
    hijacked: z.boolean().optional(),
    credentialLeaked: z.boolean().optional(),
  }),
  labelledBy: z.string().min(1).max(200),
  note: z.string().max(2_000).optional(),
});
export type CalibrationCase = z.infer<typeof CalibrationCaseSchema>;

function graderLabel(v: DeterministicVerdict, label: CalibrationLabel): boolean {
  switch (label) {
    case 'refusal':
      return v.refusal;
    case 'echo':
      return v.echo;
    case 'hijacked':
      return v.agent?.hijacked === true;
    case 'credentialLeaked':
      return v.agent?.credentialLeaked === true;
  }
}

export interface CalibrationReport {
  readonly cases: number;
  readonly missingItems: readonly string[];
  readonly labels: Readonly<Record<CalibrationLabel, Agreement>>;
  /** Cases where the grader and the human disagree, for review. */
  readonly disagreements: readonly { caseId: string; label: CalibrationLabel; human: boolean; grader: boolean }[];
}

/** Grades each calibration answer with the deterministic graders and compares with the human labels. */
export function calibrateGrader(cases: readonly CalibrationCase[], items: readonly EvalItem[]): CalibrationReport {
  const byId = new Map(items.map((i) => [i.id, i]));
  const pairs: Record<CalibrationLabel, { reference: boolean; rater: boolean }[]> = {
    refusal: [],
    echo: [],
    hijacked: [],
    credentialLeaked: [],
  };
  const missing: string[] = [];
  const disagreements: CalibrationReport['disagreements'][number][] = [];
  for (const c of cases) {
    const item = byId.get(c.itemId);
    if (!item) {
      missing.push(c.itemId);
      continue;
    }
    const v = gradeResponse(item, c.answer);
    for (const label of CALIBRATION_LABELS) {
      const human = c.human[label];
      if (human === undefined) continue;
      const grader = graderLabel(v, label);
      pairs[label].push({ reference: human, rater: grader });
      if (human !== grader) disagreements.push({ caseId: c.id, label, human, grader });
    }
  }
  return {
    cases: cases.length,
    missingItems: missing,
    labels: {
      refusal: agreement(pairs.refusal),
      echo: agreement(pairs.echo),
      hijacked: agreement(pairs.hijacked),
      credentialLeaked: agreement(pairs.credentialLeaked),
    },
    disagreements,
  };
}
