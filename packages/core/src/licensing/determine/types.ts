/**
 * The Determination: a specialist's answer to "do I need a BIS license, under which review policy, can an exception
 * apply?" — with both layers (as written / enforced), citations, flags, the reasoning trail and missing facts.
 * @module
 */
import type { Enforcement, Layer, PolicyKind, ReasonCode, RuleLayer } from '../rules/types.js';
import type { Citation, Flag, ISODate, ReasoningStep } from '../types.js';

export type Answer = 'yes' | 'no' | 'unknown';

/** resolved = definite yes/no from rule text; interpreted = depends on a flagged interpretation; review = unknown pending facts or legal ambiguity. */
export type Outcome = 'resolved' | 'interpreted' | 'review';

export interface SubjectToEar {
  readonly answer: Answer;
  /** e.g. "US-origin (§734.3(a)(2))", "de minimis: 30% > 25% (§734.4(d))", "FDP §734.9(h)". */
  readonly basis: readonly string[];
  readonly citations: readonly Citation[];
  /** Present when the layers differ (e.g. §734.9(h) worldwide as written). */
  readonly byLayer?: Readonly<Record<Layer, Answer>>;
}

export interface RequirementFinding {
  readonly id: string;
  readonly reason: ReasonCode;
  readonly text: string;
  readonly citations: readonly Citation[];
  /** Which layers the requirement applies in. */
  readonly layer: RuleLayer;
  /** `applies`, or `possible` when it turns on unknown facts (listed in `pendingFacts`). */
  readonly status: 'applies' | 'possible';
  readonly pendingFacts?: readonly string[];
  /** Enforcement status when the enforced layer drops or doubts it. */
  readonly enforcement?: Enforcement;
}

export interface ReviewPolicyFinding {
  /** Most restrictive applicable policy; `unknown` when it turns on missing facts. */
  readonly policy: PolicyKind | 'unknown';
  readonly text: string;
  readonly ruleId?: string;
  readonly citations: readonly Citation[];
  /** Possible policies when `unknown`. */
  readonly candidates?: readonly PolicyKind[];
  readonly pendingFacts?: readonly string[];
  /** Requirement ids the policy was derived from. */
  readonly forRequirements: readonly string[];
}

export interface ExceptionCandidate {
  readonly code: string;
  readonly name: string;
  readonly citations: readonly Citation[];
  readonly conditionsToConfirm: readonly string[];
  readonly layer: RuleLayer;
}

export interface ExceptionRuledOut {
  readonly code: string;
  readonly why: string;
  readonly citations: readonly Citation[];
  readonly layer: RuleLayer;
}

export interface LayerVerdict {
  readonly licenseRequired: Answer;
  readonly subjectToEar: Answer;
  readonly requirementIds: readonly string[];
  readonly reviewPolicy?: ReviewPolicyFinding;
  readonly exceptionCodes: readonly string[];
}

export interface RedFlagFinding {
  readonly n: number;
  /** Verbatim text of Supp. 3 to Part 732. */
  readonly text: string;
  readonly why: string;
}

export interface RuleVersionUsed {
  readonly id: string;
  readonly validFrom: ISODate;
  readonly validTo?: ISODate;
  readonly regulation?: string;
}

export interface Determination {
  /** The ship date the determination is made for. */
  readonly asOf: ISODate;
  readonly rulePack: { readonly id: string; readonly version: string };
  readonly caseId?: string;
  readonly classification: {
    readonly status: string;
    readonly eccn: string | null;
    readonly paragraphs: readonly string[];
    readonly textVersion: string;
    readonly tpp?: number;
    readonly performanceDensity?: number;
    readonly datacenter?: boolean;
    readonly acLevel?: string;
  };
  readonly transaction: {
    readonly kind: string;
    readonly shipFrom: string;
    readonly destination: string;
    /** The destination as given when aliased (HK). */
    readonly destinationAsGiven?: string;
  };
  readonly subjectToEar: SubjectToEar;
  /** Headline answer: the enforced layer. */
  readonly licenseRequired: Answer;
  readonly layers: Readonly<Record<Layer, LayerVerdict>>;
  readonly layersDiffer: boolean;
  readonly outcome: Outcome;
  readonly requirements: readonly RequirementFinding[];
  /** Enforced layer's review policy (the as-written one is in layers.asWritten). */
  readonly reviewPolicy?: ReviewPolicyFinding;
  readonly exceptions: {
    readonly candidates: readonly ExceptionCandidate[];
    readonly ruledOut: readonly ExceptionRuledOut[];
  };
  readonly redFlags: readonly RedFlagFinding[];
  readonly flags: readonly Flag[];
  readonly reasoning: readonly ReasoningStep[];
  /** Missing facts (paths) that keep an answer unknown. */
  readonly incomplete: readonly string[];
  readonly ruleVersions: readonly RuleVersionUsed[];
  readonly notes: readonly string[];
}
