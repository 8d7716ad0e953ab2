/**
 * The report document model: plain, serialisable data that the PDF and HTML renderers turn into a
 * printable page. Features (case evidence summaries, draft regulatory reports, proposal dossiers,
 * evaluation reports) build a {@link ReportDocument}; they never draw.
 *
 * The model holds no clock: `generatedAt` is given by the caller, so the same document always
 * renders to the same bytes.
 * @module
 */
import { AppError } from '../errors.js';

/** A value in a key-value list or a table cell. `null`/`undefined` render as an em dash. */
export type ReportValue = string | number | boolean | null | undefined;

export interface ReportParagraph {
  readonly kind: 'paragraph';
  /** Prose; runs of whitespace collapse, `\n` starts a new line. */
  readonly text: string;
}

export interface ReportKeyValue {
  readonly kind: 'keyValue';
  readonly items: readonly { readonly key: string; readonly value: ReportValue }[];
}

export interface ReportTable {
  readonly kind: 'table';
  readonly caption?: string;
  /** Column headings; repeated at the top of every page the table continues on. */
  readonly header: readonly string[];
  /** Short rows are padded with empty cells. Column widths follow the content. */
  readonly rows: readonly (readonly ReportValue[])[];
}

export interface ReportCode {
  readonly kind: 'code';
  readonly caption?: string;
  /** Monospace text (hashes, JSON excerpts); whitespace kept, long lines broken at the page edge. */
  readonly text: string;
}

export interface ReportBullets {
  readonly kind: 'bullets';
  readonly items: readonly string[];
}

export interface ReportCallout {
  readonly kind: 'callout';
  readonly tone: 'note' | 'warning';
  /** Defaults to "Note" or "Warning". */
  readonly title?: string;
  readonly text: string;
}

export type ReportBlock = ReportParagraph | ReportKeyValue | ReportTable | ReportCode | ReportBullets | ReportCallout;

export interface ReportSection {
  readonly heading: string;
  readonly blocks: readonly ReportBlock[];
  /** Marks the section, and every PDF page it appears on, with the document's confidentiality marking. */
  readonly confidential?: boolean;
}

export interface ReportDocument {
  readonly title: string;
  readonly subtitle?: string;
  /**
   * When the report was generated, an ISO 8601 timestamp with a zone (`2026-11-22T10:00:00Z`,
   * `…+01:00`) or a date (`2026-11-22`, read as UTC). Shown as given and used as the PDF dates.
   */
  readonly generatedAt: string;
  /** What the report is about (a case id, a proposal id); printed in every page footer. */
  readonly reference: string;
  /** The marking shown on confidential sections, e.g. "Business confidential". Default {@link DEFAULT_CONFIDENTIALITY_MARKING}. */
  readonly confidentiality?: string;
  readonly sections: readonly ReportSection[];
}

export const DEFAULT_CONFIDENTIALITY_MARKING = 'Confidential';

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * The `generatedAt` instant. A timestamp without a zone would be read in the host's local time,
 * making the output depend on the machine, so it is refused.
 */
export function reportDate(doc: Pick<ReportDocument, 'generatedAt'>): Date {
  const ms = ISO_TIMESTAMP.test(doc.generatedAt) ? Date.parse(doc.generatedAt) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new AppError('SP_BAD_REQUEST', `Report generatedAt is not an ISO 8601 timestamp with a zone`, [
      { path: 'generatedAt', message: `got ${JSON.stringify(doc.generatedAt)}` },
    ]);
  }
  return new Date(ms);
}

/** The marking printed for confidential sections. */
export function confidentialityMarking(doc: Pick<ReportDocument, 'confidentiality'>): string {
  const marking = doc.confidentiality?.trim();
  return marking ? marking : DEFAULT_CONFIDENTIALITY_MARKING;
}

/** Whether any section is confidential. */
export function hasConfidentialSections(doc: Pick<ReportDocument, 'sections'>): boolean {
  return doc.sections.some((s) => s.confidential === true);
}

/** Text of a value, independent of locale: `null`/`undefined` → "—", booleans → "yes"/"no". */
export function formatReportValue(value: ReportValue): string {
  if (value === null || value === undefined) return '\u2014';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** The label of a callout: its title, or "Note"/"Warning". */
export function calloutTitle(block: ReportCallout): string {
  return block.title ?? (block.tone === 'warning' ? 'Warning' : 'Note');
}

/** Table columns: the widest of the header and the rows. */
export function tableColumnCount(block: ReportTable): number {
  return block.rows.reduce((n, row) => Math.max(n, row.length), Math.max(block.header.length, 1));
}
