/**
 * License determination domain types, shared by classification (classify/), the rule store (rules/),
 * the determination engine (determine/) and every shell. Dates are ISO `YYYY-MM-DD` strings: the core
 * never reads the clock, a determination is always "as of" a date the caller gives.
 * @module
 */

export type ISODate = string;

/** Where a fact or a rule comes from. Every rule, threshold and verdict carries at least one. */
export interface Citation {
  /** 15 CFR reference, e.g. "15 CFR 742.6(a)(6)(iii)(B)" or "15 CFR 774 Supp. 1, ECCN 3A090". */
  readonly cfr?: string;
  /** Federal Register citation, e.g. "91 FR 1684 (FR Doc 2026-00789)". */
  readonly fr?: string;
  readonly url?: string;
  /** Guidance, datasheet or other source, in words. */
  readonly note?: string;
}

/** A sourced number or fact (datasheet figures etc.). */
export interface Sourced<T> {
  readonly value: T;
  readonly source: Citation;
}

/** Flags say where the law or the evidence does not settle the answer. Never silently picked. */
export interface Flag {
  /** Stable code, e.g. AI_DIFFUSION_TEXT_NOT_ENFORCED, AFFILIATES_RULE_STATUS, DATACENTER_UNDEFINED, PD_INPUT_UNCERTAIN. */
  readonly code: string;
  readonly message: string;
  readonly citations: readonly Citation[];
}

/** One step of reasoning, shown to the user in order. */
export interface ReasoningStep {
  readonly text: string;
  readonly citations?: readonly Citation[];
}

// ------------------------------------------------------------------ classification input

/** Peak dense (or sparse, flagged) throughput at one precision, as the datasheet states it. */
export interface PrecisionFigure {
  /** e.g. "FP8", "INT8", "FP16", "BF16", "TF32", "FP4". */
  readonly precision: string;
  /** Bit length of the multiply inputs (8 for FP8/INT8, 16 for FP16/BF16, 4 for FP4, 32 for TF32/FP32...). */
  readonly bitLength: number;
  /** TOPS or TFLOPS as stated (2 × MacTOPS). */
  readonly tops: number;
  /** True when the figure is a sparsity figure: it is halved (3A090 Technical Note). */
  readonly sparse?: boolean;
}

export type ItemKind = 'integrated-circuit' | 'computer' | 'hbm' | 'sme' | 'model-weights' | 'other';

/** What the user knows about an item. Missing facts lead to "needs input", never to a guess. */
export interface ItemSpec {
  readonly kind: ItemKind;
  readonly name?: string;
  /** Catalogue part id when the spec came from the bundled catalogue. */
  readonly partId?: string;
  /** Integrated circuits, and the most capable IC inside a computer / assembly (4A090). */
  readonly performance?: readonly PrecisionFigure[];
  /** Die area of logic dies made on a non-planar (FinFET/GAA) process node, mm² (PD denominator). */
  readonly nonPlanarLogicDieAreaMm2?: number;
  /** "Designed or marketed for use in datacenters" (3A090 Note 2). Undefined in the EAR: an assertion with evidence. */
  readonly datacenter?: boolean;
  /** Aggregate bidirectional transfer rate over all I/O except memory, GB/s (the 2022 text's 600 GB/s prong). */
  readonly aggregateBidirectionalIoGBs?: number;
  /** Total DRAM (HBM) bandwidth, GB/s (the Jan-2026 21,000 TPP / 6,500 GB/s review-policy path). */
  readonly totalDramBandwidthGBs?: number;
  /** HBM stacks: bandwidth (GB/s) and package or stack area (mm²) → memory bandwidth density (3A090.c). */
  readonly hbm?: { readonly bandwidthGBs?: number; readonly areaMm2?: number };
  readonly transistorCountBillions?: number;
  /** SME and its parts: the ECCN paragraph the exporter has determined (e.g. "3B993.f.1", "3B001.c"), and whether it contains a US-origin IC (FDP Note 3/7, Red Flag 26). */
  readonly sme?: {
    readonly eccn?: string;
    readonly containsUsIc?: boolean;
    readonly subsystem?: boolean;
    readonly description?: string;
  };
  /** AI model weights (4E091): training operations and whether the weights are published. */
  readonly modelWeights?: { readonly trainingOps?: number; readonly published?: boolean };
  /** For `other` items: the ECCN the exporter has already determined (or EAR99). */
  readonly eccn?: string;
  /** Where each figure came from. */
  readonly sources?: readonly Citation[];
}

// ------------------------------------------------------------------ classification output

export interface ClassificationMetrics {
  /** Total processing performance = max over precisions of (dense TOPS × bit length). */
  readonly tpp?: number;
  /** Precision that gave the TPP. */
  readonly tppPrecision?: string;
  /** Performance density = TPP / non-planar logic die area. */
  readonly performanceDensity?: number;
  readonly memoryBandwidthDensityGBsPerMm2?: number;
  readonly totalDramBandwidthGBs?: number;
  readonly aggregateBidirectionalIoGBs?: number;
  readonly trainingOps?: number;
}

export interface Classification {
  /** `classified` (eccn set), `needs-input` (needsInput lists what is missing), `not-listed` (outside the entries considered; eccn EAR99 or the asserted one). */
  readonly status: 'classified' | 'needs-input' | 'not-listed';
  /** e.g. "3A090.a", "4A090.b", "3A090.c", "3B993.f.1", "4E091", "EAR99", "5A992.c". */
  readonly eccn: string | null;
  /** Paragraphs met, e.g. ["3A090.a.1", "3A090.a.2"]. */
  readonly paragraphs: readonly string[];
  readonly metrics: ClassificationMetrics;
  /** Which text was applied: e.g. "2022-10-07 (3A090 with 600 GB/s I/O prong)" or "2023-11-17 (TPP/PD)". */
  readonly textVersion: string;
  readonly reasoning: readonly ReasoningStep[];
  /** Human-readable names of missing facts: "needs input: X". */
  readonly needsInput: readonly string[];
  readonly flags: readonly Flag[];
  /** The item facts carried to determination (datacenter, HBM density, SME footnotes...). */
  readonly item: ItemSpec;
}

/**
 * Input the licensing core refuses: unknown ECCN, country or part, contradictory facts, a date
 * outside the rule store's range. `path` names the offending field. Shells map it to SP_BAD_REQUEST.
 */
export class LicensingInputError extends Error {
  readonly code: string;
  readonly path: string;
  constructor(code: string, path: string, message: string) {
    super(message);
    this.name = 'LicensingInputError';
    this.code = code;
    this.path = path;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
