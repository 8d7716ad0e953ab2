/**
 * Renders a {@link ReportDocument} to PDF with pdf-lib: A4, the standard fonts (Helvetica,
 * Helvetica-Bold, Courier; no font files), word and table-cell wrapping, automatic page breaks
 * (tables repeat their header), a "reference · page N of M" footer and the confidentiality banner
 * on every page that shows part of a confidential section.
 *
 * Deterministic: the same document gives the same bytes. The PDF dates come from
 * `generatedAt`, producer and creator are fixed, pdf-lib's resource names come from its seeded
 * generator and no document id is written.
 * @module
 */
import { sha256Hex } from '@stackport/core';
import {
  type Color,
  degrees,
  drawText,
  PDFDocument,
  type PDFFont,
  type PDFName,
  type PDFPage,
  rgb,
  StandardFonts,
} from 'pdf-lib';
import {
  calloutTitle,
  confidentialityMarking,
  formatReportValue,
  hasConfidentialSections,
  type ReportBlock,
  type ReportDocument,
  type ReportTable,
  reportDate,
  tableColumnCount,
} from './document.js';
import { toWinAnsi } from './winansi.js';

/** Written as the PDF producer and creator; no version or date, so output does not drift. */
export const REPORT_PDF_PRODUCER = 'Stackport report renderer (pdf-lib)';
export const REPORT_PDF_CREATOR = 'Stackport';

/** A4 in points. */
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN_X = 50;
const CONTENT_TOP = PAGE_HEIGHT - 66;
const CONTENT_BOTTOM = 56;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const PAGE_BODY_HEIGHT = CONTENT_TOP - CONTENT_BOTTOM;

const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.4, 0.44);
const RULE = rgb(0.78, 0.8, 0.83);
const HEADER_FILL = rgb(0.9, 0.92, 0.95);
const STRIPE_FILL = rgb(0.97, 0.975, 0.98);
const CODE_FILL = rgb(0.95, 0.955, 0.96);
const MARKING = rgb(0.62, 0.09, 0.09);
const WHITE = rgb(1, 1, 1);
const CALLOUT = {
  note: { fill: rgb(0.92, 0.95, 0.99), bar: rgb(0.2, 0.42, 0.75) },
  warning: { fill: rgb(1, 0.95, 0.86), bar: rgb(0.85, 0.52, 0.05) },
} as const;

const BODY = { size: 10, leading: 14 };
const TABLE = { size: 8.5, leading: 11, pad: 4 };
const CODE = { size: 8, leading: 10, pad: 6 };
const BLOCK_GAP = 8;
const SECTION_GAP = 18;

interface Fonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  readonly mono: PDFFont;
}

interface Line {
  readonly text: string;
  readonly font: PDFFont;
  readonly size: number;
  readonly color: Color;
}

/** Word-wraps prose to `maxWidth`; words longer than a line are broken between characters. */
function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= maxWidth;
  const lines: string[] = [];
  for (const paragraph of toWinAnsi(text).split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (word === '') continue;
      const candidate = line === '' ? word : `${line} ${word}`;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = '';
      if (fits(word)) {
        line = word;
        continue;
      }
      for (const char of word) {
        if (line !== '' && !fits(line + char)) {
          lines.push(line);
          line = '';
        }
        line += char;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Monospace text: whitespace kept, lines longer than `maxWidth` broken at the edge. */
function wrapCode(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const perLine = Math.max(1, Math.floor(maxWidth / font.widthOfTextAtSize('M', size)));
  const lines: string[] = [];
  for (const line of toWinAnsi(text, 2).replace(/\n+$/, '').split('\n')) {
    if (line.length === 0) lines.push('');
    for (let i = 0; i < line.length; i += perLine) lines.push(line.slice(i, i + perLine));
  }
  return lines;
}

/** One line of text with no line breaks (footer, banner, captions). */
function singleLine(text: string): string {
  return toWinAnsi(text).replace(/\n/g, ' ');
}

/** Widest line of a cell's text. */
function naturalWidth(text: string, font: PDFFont, size: number): number {
  let w = 0;
  for (const line of toWinAnsi(text).split('\n')) w = Math.max(w, font.widthOfTextAtSize(line.trim(), size));
  return w;
}

/** Longest unbreakable word of a cell's text. */
function longestWord(text: string, font: PDFFont, size: number): number {
  let w = 0;
  for (const word of toWinAnsi(text).split(/[ \n]+/)) w = Math.max(w, font.widthOfTextAtSize(word, size));
  return w;
}

/**
 * Automatic column widths filling `available`. Columns that fit on one line within a fair share
 * get their natural width; the others share what is left equally, but never less than their longest
 * word (all minimums are scaled down only if even they do not fit). Leftover width is spread in
 * proportion to the natural widths.
 */
export function autoColumnWidths(natural: readonly number[], minimum: readonly number[], available: number): number[] {
  const widths = natural.map(() => 0);
  let open = natural.map((_, i) => i);
  let remaining = available;
  while (open.length > 0) {
    const share = remaining / open.length;
    const fitting = open.filter((i) => natural[i]! <= share);
    const needy = fitting.length > 0 ? [] : open.filter((i) => minimum[i]! > share);
    const settled = fitting.length > 0 ? fitting : needy;
    if (settled.length === 0) {
      for (const i of open) widths[i] = share;
      remaining = 0;
      break;
    }
    if (fitting.length === 0) {
      const totalMin = open.reduce((sum, i) => sum + minimum[i]!, 0);
      if (totalMin >= remaining) {
        for (const i of open) widths[i] = (minimum[i]! * remaining) / totalMin;
        remaining = 0;
        break;
      }
    }
    for (const i of settled) {
      widths[i] = fitting.length > 0 ? natural[i]! : minimum[i]!;
      remaining -= widths[i]!;
    }
    open = open.filter((i) => !settled.includes(i));
  }
  const total = widths.reduce((a, b) => a + b, 0);
  if (remaining > 0 && total > 0) return widths.map((w) => w + (remaining * w) / total);
  return widths;
}

interface GridStyle {
  readonly widths: readonly number[];
  readonly header?: readonly string[];
  readonly boldFirstColumn: boolean;
  readonly borders: boolean;
  readonly stripes: boolean;
}

/** Lays content out top to bottom, adding pages as needed; remembers which pages are confidential. */
class Layout {
  readonly pages: PDFPage[] = [];
  readonly confidentialPages = new Set<number>();
  private readonly fontKeys = new Map<PDFPage, Map<PDFFont, PDFName>>();
  private page!: PDFPage;
  private y = CONTENT_TOP;
  /** Whether what is drawn now belongs to a confidential section. */
  confidential = false;

  constructor(
    private readonly pdf: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(this.page);
    this.y = CONTENT_TOP;
  }

  get remaining(): number {
    return this.y - CONTENT_BOTTOM;
  }

  get atTop(): boolean {
    return this.y === CONTENT_TOP;
  }

  /** Starts a new page unless `height` fits on this one (or this one is still empty). */
  ensure(height: number): void {
    if (height > this.remaining && !this.atTop) this.newPage();
  }

  /** Vertical space, dropped at the top of a page. */
  gap(height: number): void {
    if (!this.atTop) this.y = Math.max(CONTENT_BOTTOM, this.y - height);
  }

  advance(height: number): void {
    this.y -= height;
  }

  get top(): number {
    return this.y;
  }

  private touch(): void {
    if (this.confidential) this.confidentialPages.add(this.pages.length - 1);
  }

  /** Draws text on the current page, reusing one font resource per font and page. */
  text(text: string, x: number, baseline: number, font: PDFFont, size: number, color: Color): void {
    this.touch();
    if (text === '') return;
    drawTextOn(this.page, this.fontKeys, text, x, baseline, font, size, color);
  }

  rect(x: number, y: number, width: number, height: number, fill?: Color, border?: Color): void {
    this.touch();
    drawRect(this.page, x, y, width, height, fill, border);
  }

  hline(x: number, y: number, width: number, color: Color, thickness = 0.5): void {
    this.touch();
    this.page.drawLine({ start: { x, y }, end: { x: x + width, y }, thickness, color });
  }

  /** Text of a line box of `leading` whose top is at `top`: the baseline centres the capitals. */
  static baseline(top: number, leading: number, size: number): number {
    return top - leading / 2 - size * 0.36;
  }

  /** Lines of text, one line box each, breaking pages between lines. */
  flow(lines: readonly Line[], leading: number, x = MARGIN_X): void {
    for (const line of lines) {
      this.ensure(leading);
      this.text(line.text, x, Layout.baseline(this.y, leading, line.size), line.font, line.size, line.color);
      this.y -= leading;
    }
  }

  /** A filled box of lines (code, callouts), split over pages when long, short ones kept whole. */
  box(lines: readonly Line[], leading: number, pad: number, fill: Color, bar?: Color): void {
    const whole = lines.length * leading + 2 * pad;
    this.ensure(Math.min(whole, 2 * pad + 6 * leading));
    let i = 0;
    while (i < lines.length) {
      const fit = Math.floor((this.remaining - 2 * pad) / leading);
      const n = Math.max(1, Math.min(lines.length - i, fit));
      const height = n * leading + 2 * pad;
      this.rect(MARGIN_X, this.y - height, CONTENT_WIDTH, height, fill);
      if (bar) this.rect(MARGIN_X, this.y - height, 3, height, bar);
      const x = MARGIN_X + pad + (bar ? 5 : 0);
      for (let k = 0; k < n; k++) {
        const line = lines[i + k]!;
        const baseline = Layout.baseline(this.y - pad - k * leading, leading, line.size);
        this.text(line.text, x, baseline, line.font, line.size, line.color);
      }
      this.y -= height;
      i += n;
      if (i < lines.length) this.newPage();
    }
  }

  /**
   * A grid of wrapped cells. Rows move to the next page whole when they fit on one, taller rows
   * are split between lines; the header is repeated at the top of every page the grid spans.
   */
  grid(rows: readonly (readonly string[])[], style: GridStyle): void {
    const { size, leading, pad } = TABLE;
    const { regular, bold } = this.fonts;
    const columns = style.widths.length;
    const cellFont = (col: number) => (style.boldFirstColumn && col === 0 ? bold : regular);
    const wrapRow = (cells: readonly string[], font: (col: number) => PDFFont) =>
      style.widths.map((w, col) => wrap(cells[col] ?? '', font(col), size, w - 2 * pad));
    const height = (cells: readonly string[][]) => Math.max(1, ...cells.map((c) => c.length)) * leading + 2 * pad;
    const header = style.header ? wrapRow(style.header, () => bold) : undefined;
    const headerHeight = header ? height(header) : 0;

    const drawPart = (
      cells: readonly string[][],
      from: number,
      count: number,
      font: (col: number) => PDFFont,
      fill?: Color,
    ) => {
      const h = count * leading + 2 * pad;
      let x = MARGIN_X;
      for (let col = 0; col < columns; col++) {
        const w = style.widths[col]!;
        if (fill || style.borders) this.rect(x, this.y - h, w, h, fill, style.borders ? RULE : undefined);
        const lines = cells[col] ?? [];
        for (let k = 0; k < count && from + k < lines.length; k++) {
          const baseline = Layout.baseline(this.y - pad - k * leading, leading, size);
          this.text(lines[from + k]!, x + pad, baseline, font(col), size, INK);
        }
        x += w;
      }
      if (!style.borders) this.hline(MARGIN_X, this.y - h, CONTENT_WIDTH, RULE);
      this.y -= h;
    };
    const startPage = () => {
      if (header) drawPart(header, 0, Math.max(1, ...header.map((c) => c.length)), () => bold, HEADER_FILL);
    };

    const wrapped = rows.map((r) => wrapRow(r, cellFont));
    // Keep the header with the first row (or its first line, if the row is taller than a page).
    const firstHeight = wrapped[0] ? height(wrapped[0]) : 0;
    this.ensure(headerHeight + (firstHeight <= PAGE_BODY_HEIGHT - headerHeight ? firstHeight : leading + 2 * pad));
    let fresh = this.atTop;
    startPage();
    wrapped.forEach((cells, index) => {
      const total = Math.max(1, ...cells.map((c) => c.length));
      const fill = style.stripes && index % 2 === 1 ? STRIPE_FILL : undefined;
      let from = 0;
      while (from < total) {
        const h = (total - from) * leading + 2 * pad;
        if (h <= this.remaining) {
          drawPart(cells, from, total - from, cellFont, fill);
          break;
        }
        if (!fresh && from === 0 && h <= PAGE_BODY_HEIGHT - headerHeight) {
          this.newPage();
          startPage();
          fresh = true;
          continue;
        }
        const n = Math.max(1, Math.floor((this.remaining - 2 * pad) / leading));
        drawPart(cells, from, n, cellFont, fill);
        from += n;
        this.newPage();
        startPage();
        fresh = true;
      }
      fresh = false;
    });
  }
}

function drawTextOn(
  page: PDFPage,
  keys: Map<PDFPage, Map<PDFFont, PDFName>>,
  text: string,
  x: number,
  y: number,
  font: PDFFont,
  size: number,
  color: Color,
): void {
  let pageKeys = keys.get(page);
  if (!pageKeys) {
    pageKeys = new Map();
    keys.set(page, pageKeys);
  }
  let key = pageKeys.get(font);
  if (!key) {
    key = page.node.newFontDictionary(font.name, font.ref);
    pageKeys.set(font, key);
  }
  page.pushOperators(
    ...drawText(font.encodeText(text), {
      color,
      font: key,
      size,
      rotate: degrees(0),
      xSkew: degrees(0),
      ySkew: degrees(0),
      x,
      y,
    }),
  );
}

function drawRect(page: PDFPage, x: number, y: number, width: number, height: number, fill?: Color, border?: Color) {
  page.drawRectangle({
    x,
    y,
    width,
    height,
    ...(fill ? { color: fill } : {}),
    ...(border ? { borderColor: border, borderWidth: 0.5 } : {}),
  });
}

function drawTitle(layout: Layout, doc: ReportDocument): void {
  const { regular, bold } = layout.fonts;
  layout.flow(
    wrap(doc.title, bold, 20, CONTENT_WIDTH).map((text) => ({ text, font: bold, size: 20, color: INK })),
    25,
  );
  if (doc.subtitle) {
    layout.flow(
      wrap(doc.subtitle, regular, 12, CONTENT_WIDTH).map((text) => ({ text, font: regular, size: 12, color: MUTED })),
      16,
    );
  }
  layout.gap(4);
  const meta = [`Reference: ${doc.reference}`, `Generated: ${doc.generatedAt}`];
  if (hasConfidentialSections(doc)) meta.push(`Contains sections marked ${confidentialityMarking(doc)}`);
  layout.flow(
    wrap(meta.join(' \u00b7 '), regular, 9, CONTENT_WIDTH).map((text) => ({
      text,
      font: regular,
      size: 9,
      color: MUTED,
    })),
    13,
  );
  layout.advance(6);
  layout.hline(MARGIN_X, layout.top, CONTENT_WIDTH, RULE, 1);
  layout.advance(SECTION_GAP - 6);
}

function drawHeading(layout: Layout, heading: string, marking: string | undefined): void {
  const { bold } = layout.fonts;
  const size = 14;
  const leading = 19;
  const tagSize = 8;
  const tag = marking ? singleLine(marking) : '';
  const tagWidth = tag ? bold.widthOfTextAtSize(tag, tagSize) + 12 : 0;
  const lines = wrap(heading, bold, size, CONTENT_WIDTH - tagWidth);
  // Keep the heading with the first lines of its content.
  layout.ensure(lines.length * leading + 6 + 3 * BODY.leading);
  const top = layout.top;
  layout.flow(
    lines.map((text) => ({ text, font: bold, size, color: INK })),
    leading,
  );
  if (tag) {
    const w = tagWidth - 6;
    const x = MARGIN_X + CONTENT_WIDTH - w;
    layout.rect(x, top - leading + 3, w, leading - 6, undefined, MARKING);
    layout.text(tag, x + 3, Layout.baseline(top, leading, tagSize), bold, tagSize, MARKING);
  }
  layout.advance(2);
  layout.hline(MARGIN_X, layout.top, CONTENT_WIDTH, RULE);
  layout.advance(6);
}

function tableWidths(layout: Layout, block: ReportTable, cells: readonly (readonly string[])[]): number[] {
  const { regular, bold } = layout.fonts;
  const columns = tableColumnCount(block);
  const pad = 2 * TABLE.pad;
  const natural: number[] = [];
  const minimum: number[] = [];
  for (let col = 0; col < columns; col++) {
    const head = block.header[col] ?? '';
    let n = naturalWidth(head, bold, TABLE.size);
    let m = longestWord(head, bold, TABLE.size);
    for (const row of cells) {
      const text = row[col] ?? '';
      n = Math.max(n, naturalWidth(text, regular, TABLE.size));
      m = Math.max(m, longestWord(text, regular, TABLE.size));
    }
    natural.push(n + pad + 1);
    minimum.push(Math.max(m, 12) + pad + 1);
  }
  return autoColumnWidths(natural, minimum, CONTENT_WIDTH);
}

function drawCaption(layout: Layout, caption: string): void {
  const { bold } = layout.fonts;
  layout.ensure(13 + 3 * TABLE.leading);
  layout.flow(
    wrap(caption, bold, 9, CONTENT_WIDTH).map((text) => ({ text, font: bold, size: 9, color: MUTED })),
    13,
  );
  layout.advance(2);
}

function drawBlock(layout: Layout, block: ReportBlock): void {
  const { regular, bold, mono } = layout.fonts;
  const body = (text: string, font = regular, color = INK): Line => ({ text, font, size: BODY.size, color });
  switch (block.kind) {
    case 'paragraph':
      layout.flow(
        wrap(block.text, regular, BODY.size, CONTENT_WIDTH).map((t) => body(t)),
        BODY.leading,
      );
      return;
    case 'bullets': {
      const indent = 14;
      for (const item of block.items) {
        wrap(item, regular, BODY.size, CONTENT_WIDTH - indent).forEach((text, i) => {
          layout.ensure(BODY.leading);
          const baseline = Layout.baseline(layout.top, BODY.leading, BODY.size);
          if (i === 0) layout.text('\u2022', MARGIN_X + 3, baseline, regular, BODY.size, INK);
          layout.text(text, MARGIN_X + indent, baseline, regular, BODY.size, INK);
          layout.advance(BODY.leading);
        });
      }
      return;
    }
    case 'keyValue': {
      const rows = block.items.map((item) => [item.key, formatReportValue(item.value)]);
      const pad = 2 * TABLE.pad;
      const keyWidth = Math.min(
        CONTENT_WIDTH * 0.4,
        rows.reduce((w, [key]) => Math.max(w, naturalWidth(key ?? '', bold, TABLE.size)), 0) + pad + 8,
      );
      layout.grid(rows, {
        widths: [keyWidth, CONTENT_WIDTH - keyWidth],
        boldFirstColumn: true,
        borders: false,
        stripes: false,
      });
      return;
    }
    case 'table': {
      if (block.caption) drawCaption(layout, block.caption);
      const columns = tableColumnCount(block);
      const cells = block.rows.map((row) =>
        Array.from({ length: columns }, (_, col) => (col < row.length ? formatReportValue(row[col]) : '')),
      );
      const header = Array.from({ length: columns }, (_, col) => block.header[col] ?? '');
      layout.grid(cells, {
        widths: tableWidths(layout, block, cells),
        header,
        boldFirstColumn: false,
        borders: true,
        stripes: true,
      });
      return;
    }
    case 'code': {
      if (block.caption) drawCaption(layout, block.caption);
      const lines = wrapCode(block.text, mono, CODE.size, CONTENT_WIDTH - 2 * CODE.pad);
      layout.box(
        lines.map((text) => ({ text, font: mono, size: CODE.size, color: INK })),
        CODE.leading,
        CODE.pad,
        CODE_FILL,
      );
      return;
    }
    case 'callout': {
      const colors = CALLOUT[block.tone];
      const width = CONTENT_WIDTH - 2 * 8 - 5;
      const lines: Line[] = [
        ...wrap(calloutTitle(block), bold, BODY.size, width).map((t) => body(t, bold, colors.bar)),
        ...wrap(block.text, regular, BODY.size, width).map((t) => body(t)),
      ];
      layout.box(lines, BODY.leading, 8, colors.fill, colors.bar);
      return;
    }
  }
}

function drawPageFurniture(layout: Layout, doc: ReportDocument, fonts: Fonts): void {
  const total = layout.pages.length;
  const reference = singleLine(doc.reference);
  const banner = singleLine(confidentialityMarking(doc).toUpperCase());
  const keys = new Map<PDFPage, Map<PDFFont, PDFName>>();
  layout.pages.forEach((page, index) => {
    const footer = `${reference} \u00b7 page ${index + 1} of ${total}`;
    const size = 8;
    page.drawLine({
      start: { x: MARGIN_X, y: CONTENT_BOTTOM - 14 },
      end: { x: MARGIN_X + CONTENT_WIDTH, y: CONTENT_BOTTOM - 14 },
      thickness: 0.5,
      color: RULE,
    });
    const fx = (PAGE_WIDTH - fonts.regular.widthOfTextAtSize(footer, size)) / 2;
    drawTextOn(page, keys, footer, Math.max(MARGIN_X, fx), CONTENT_BOTTOM - 28, fonts.regular, size, MUTED);
    if (layout.confidentialPages.has(index)) {
      const height = 18;
      const y = PAGE_HEIGHT - 30 - height;
      drawRect(page, MARGIN_X, y, CONTENT_WIDTH, height, MARKING);
      const bx = (PAGE_WIDTH - fonts.bold.widthOfTextAtSize(banner, 9)) / 2;
      drawTextOn(page, keys, banner, Math.max(MARGIN_X + 4, bx), y + height / 2 - 9 * 0.36, fonts.bold, 9, WHITE);
    }
  });
}

/** Renders the document to PDF bytes. Same document, same bytes. */
export async function renderPdf(doc: ReportDocument): Promise<Uint8Array> {
  const date = reportDate(doc);
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(doc.title, { showInWindowTitleBar: true });
  if (doc.subtitle) pdf.setSubject(doc.subtitle);
  pdf.setKeywords([doc.reference]);
  pdf.setProducer(REPORT_PDF_PRODUCER);
  pdf.setCreator(REPORT_PDF_CREATOR);
  pdf.setCreationDate(date);
  pdf.setModificationDate(date);
  pdf.setLanguage('en');
  const fonts: Fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
    mono: await pdf.embedFont(StandardFonts.Courier),
  };

  const layout = new Layout(pdf, fonts);
  drawTitle(layout, doc);
  const marking = confidentialityMarking(doc);
  doc.sections.forEach((section, index) => {
    layout.confidential = section.confidential === true;
    if (index > 0) layout.gap(SECTION_GAP);
    drawHeading(layout, section.heading, layout.confidential ? marking : undefined);
    section.blocks.forEach((block, i) => {
      if (i > 0) layout.gap(BLOCK_GAP);
      drawBlock(layout, block);
    });
  });
  layout.confidential = false;
  drawPageFurniture(layout, doc, fonts);

  return pdf.save({ useObjectStreams: false, addDefaultPage: false });
}

/** Hex SHA-256 of rendered bytes, for bundles and audit entries that cite the report. */
export function reportSha256(bytes: Uint8Array): string {
  return sha256Hex(bytes);
}

/** Renders the PDF and its SHA-256 together. */
export async function renderPdfWithHash(doc: ReportDocument): Promise<{ bytes: Uint8Array; sha256: string }> {
  const bytes = await renderPdf(doc);
  return { bytes, sha256: reportSha256(bytes) };
}
