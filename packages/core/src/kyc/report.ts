/**
 * A plain-data report document for KYC drafts, structurally the same as the app's `ReportDocument`
 * (packages/app/src/report/document.ts) so the app renders it to PDF or HTML without mapping. The core may not
 * import from the app, hence this local copy of the shape; keep the two in step.
 * @module
 */

/** A value in a key-value list or a table cell. `null`/`undefined` render as an em dash. */
export type KycReportValue = string | number | boolean | null | undefined;

export type KycReportBlock =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'keyValue'; readonly items: readonly { readonly key: string; readonly value: KycReportValue }[] }
  | {
      readonly kind: 'table';
      readonly caption?: string;
      readonly header: readonly string[];
      readonly rows: readonly (readonly KycReportValue[])[];
    }
  | { readonly kind: 'code'; readonly caption?: string; readonly text: string }
  | { readonly kind: 'bullets'; readonly items: readonly string[] }
  | { readonly kind: 'callout'; readonly tone: 'note' | 'warning'; readonly title?: string; readonly text: string };

export interface KycReportSection {
  readonly heading: string;
  readonly blocks: readonly KycReportBlock[];
  readonly confidential?: boolean;
}

export interface KycReportDocument {
  readonly title: string;
  readonly subtitle?: string;
  /** ISO 8601 timestamp with a zone, or a date; given by the caller (the core has no clock). */
  readonly generatedAt: string;
  readonly reference: string;
  readonly confidentiality?: string;
  readonly sections: readonly KycReportSection[];
}
