import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors.js';
import type { ReportDocument, ReportSection } from './document.js';
import { autoColumnWidths, REPORT_PDF_PRODUCER, renderPdf, renderPdfWithHash, reportSha256 } from './pdf.js';
import { WINANSI_EXTRA_CODE_POINTS } from './winansi.js';

const STANDARD_FONT_DATA = fileURLToPath(
  new URL('../../../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url),
);

interface PageText {
  /** Text items as pdf.js reads them, in drawing order. */
  readonly items: readonly { str: string; x: number; y: number }[];
  /** All items joined with spaces, runs of whitespace collapsed (pdf.js adds spaces for gaps). */
  readonly text: string;
}

/** Opens the PDF with pdf.js, a parser independent of pdf-lib. */
async function open(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  // pdf.js takes ownership of (detaches) the buffer it is given.
  return getDocument({ data: bytes.slice(), standardFontDataUrl: STANDARD_FONT_DATA, verbosity: 1 }).promise;
}

/** The PDF document information dictionary (Title, Producer, CreationDate...). */
async function infoOf(pdf: PDFDocumentProxy): Promise<Record<string, unknown>> {
  return (await pdf.getMetadata()).info as unknown as Record<string, unknown>;
}

/** Each page's text as pdf.js extracts it. */
async function pagesOf(bytes: Uint8Array): Promise<PageText[]> {
  const pdf = await open(bytes);
  const pages: PageText[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const items = content.items
      .filter((i) => 'str' in i && i.str !== '')
      .map((i) => {
        const item = i as { str: string; transform: number[] };
        return { str: item.str, x: item.transform[4]!, y: item.transform[5]! };
      });
    pages.push({
      items,
      text: items
        .map((i) => i.str)
        .join(' ')
        .replace(/\s+/g, ' '),
    });
  }
  await pdf.destroy();
  return pages;
}

const BANNER = 'BUSINESS CONFIDENTIAL';
const hasBanner = (page: PageText) => page.items.some((i) => i.str === BANNER);

function doc(sections: ReportSection[], extra: Partial<ReportDocument> = {}): ReportDocument {
  return {
    title: 'Case evidence summary',
    subtitle: 'Fleet monitoring, fourth quarter',
    generatedAt: '2026-11-22T10:00:00Z',
    reference: 'CASE-0042',
    confidentiality: 'Business confidential',
    sections,
    ...extra,
  };
}

const RICH = doc([
  {
    heading: 'Summary',
    blocks: [
      { kind: 'paragraph', text: 'The shipment was screened against the consolidated lists. '.repeat(12) },
      {
        kind: 'keyValue',
        items: [
          { key: 'Case id', value: 'CASE-0042' },
          { key: 'Items', value: 12 },
          { key: 'Cleared', value: false },
          { key: 'Reviewer', value: null },
        ],
      },
      { kind: 'bullets', items: ['First finding', 'Second finding'] },
      { kind: 'callout', tone: 'warning', text: 'The consignee matches an Entity List entry.' },
      { kind: 'callout', tone: 'note', title: 'Method', text: 'Fuzzy name matching.' },
    ],
  },
  {
    heading: 'Evidence',
    confidential: true,
    blocks: [
      {
        kind: 'code',
        caption: 'SHA-256 of evidence.json',
        text: `${'0123456789abcdef'.repeat(4)}\n{ "eccn": "3A090" }`,
      },
      {
        kind: 'table',
        caption: 'Items shipped',
        header: ['Item', 'ECCN', 'Destination'],
        rows: [
          ['H100 board', '3A090.a', 'Abu Dhabi'],
          ['Server chassis', 'EAR99', null],
        ],
      },
    ],
  },
]);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('renderPdf', () => {
  it('writes the title, headings and every kind of block as text a PDF parser reads', async () => {
    const pages = await pagesOf(await renderPdf(RICH));
    const text = pages.map((p) => p.text).join(' ');
    for (const expected of [
      'Case evidence summary',
      'Fleet monitoring, fourth quarter',
      'Reference: CASE-0042',
      'Generated: 2026-11-22T10:00:00Z',
      'Summary',
      'Evidence',
      'The shipment was screened against the consolidated lists.',
      'Case id',
      'Cleared',
      'no',
      '\u2014',
      'First finding',
      '\u2022',
      'Warning',
      'The consignee matches an Entity List entry.',
      'Method',
      'SHA-256 of evidence.json',
      '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      '{ "eccn": "3A090" }',
      'Items shipped',
      'ECCN',
      'H100 board',
      '3A090.a',
      'Server chassis',
      'EAR99',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // Table cells are separate text items, so the parser sees cell boundaries.
    const items = pages.flatMap((p) => p.items.map((i) => i.str));
    expect(items).toEqual(expect.arrayContaining(['Item', 'ECCN', 'Destination', 'Abu Dhabi']));
  });

  it('continues a long table over pages, repeating its header, with "reference · page N of M" footers', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => [`R${String(i).padStart(3, '0')}`, `part ${i}`, 'ok']);
    const pages = await pagesOf(
      await renderPdf(
        doc([
          { heading: 'Intro', blocks: [{ kind: 'paragraph', text: 'Before the table.' }] },
          { heading: 'Lines', blocks: [{ kind: 'table', header: ['Line id', 'Part number', 'Status'], rows }] },
        ]),
      ),
    );
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    pages.forEach((page, index) => {
      expect(page.items.filter((i) => i.str === `CASE-0042 \u00b7 page ${index + 1} of ${pages.length}`)).toHaveLength(
        1,
      );
      const onPage = page.items.map((i) => i.str).filter((s) => /^R\d{3}$/.test(s));
      seen.push(...onPage);
      if (onPage.length > 0) {
        const header = page.items.find((i) => i.str === 'Line id');
        expect(header, `header on page ${index + 1}`).toBeDefined();
        // The header sits above every row on the page.
        const rowYs = page.items.filter((i) => /^R\d{3}$/.test(i.str)).map((i) => i.y);
        expect(Math.min(...rowYs.map((y) => header!.y - y))).toBeGreaterThan(0);
        for (const h of ['Part number', 'Status']) expect(page.items.some((i) => i.str === h)).toBe(true);
      }
    });
    expect(seen).toEqual(rows.map((r) => r[0]));
  });

  it('splits a row taller than a page between lines without losing any', async () => {
    const words = Array.from({ length: 3000 }, (_, i) => `w${i}`);
    const pages = await pagesOf(
      await renderPdf(
        doc([
          { heading: 'Huge', blocks: [{ kind: 'table', header: ['Key', 'Text'], rows: [['k', words.join(' ')]] }] },
        ]),
      ),
    );
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const found = pages.flatMap((p) => p.text.split(' ')).filter((t) => /^w\d+$/.test(t));
    expect(found).toEqual(words);
    for (const page of pages) expect(page.items.some((i) => i.str === 'Text')).toBe(true);
  });

  it('breaks long code lines and words instead of running off the page', async () => {
    const hash = 'f'.repeat(400);
    const bytes = await renderPdf(
      doc([
        {
          heading: 'Long',
          blocks: [
            { kind: 'code', text: hash },
            { kind: 'paragraph', text: `x${'y'.repeat(300)}z` },
          ],
        },
      ]),
    );
    const pages = await pagesOf(bytes);
    const all = pages.flatMap((p) => p.items);
    expect(all.filter((i) => /^f+$/.test(i.str)).reduce((n, i) => n + i.str.length, 0)).toBe(400);
    expect(
      all
        .filter((i) => /^x?y+z?$/.test(i.str))
        .map((i) => i.str)
        .join(''),
    ).toBe(`x${'y'.repeat(300)}z`);
    const width = (await PDFDocument.load(bytes)).getPage(0).getWidth();
    for (const item of all) expect(item.x).toBeLessThan(width - 40);
  });

  it('transliterates text the standard fonts cannot encode instead of failing', async () => {
    const bytes = await renderPdf(
      doc(
        [
          {
            heading: 'Parties: Москва',
            blocks: [
              { kind: 'paragraph', text: 'Consignee 北京 Ελλάδα Zürich café € \u{1F600} bell\u0007' },
              { kind: 'table', header: ['Имя'], rows: [['Иванов']] },
              { kind: 'code', text: 'ключ\tзначение' },
            ],
          },
        ],
        { title: 'Отчёт по делу', reference: 'ДЕЛО-7' },
      ),
    );
    const pages = await pagesOf(bytes);
    const text = pages.map((p) => p.text).join(' ');
    for (const expected of [
      'Otchet po delu',
      'Parties: Moskva',
      'BeiJing',
      'Ellada',
      'Zürich café €',
      ':grinning:',
      'bell?',
      'Imya',
      'Ivanov',
      'klyuch znachenie',
      'DELO-7 \u00b7 page 1 of 1',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // The document information keeps the original title (PDF text strings are Unicode).
    const pdf = await open(bytes);
    const info = await infoOf(pdf);
    expect(info.Title).toBe('Отчёт по делу');
    await pdf.destroy();
  });

  it('is deterministic: the same document gives identical bytes, dates come from generatedAt', async () => {
    const first = await renderPdf(RICH);
    await renderPdf(doc([{ heading: 'Other', blocks: [{ kind: 'paragraph', text: 'unrelated' }] }]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await renderPdf(RICH);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(reportSha256(second)).toBe(reportSha256(first));
    expect(reportSha256(first)).toMatch(/^[0-9a-f]{64}$/);
    const withHash = await renderPdfWithHash(RICH);
    expect(withHash.sha256).toBe(reportSha256(first));

    const later = await renderPdf({ ...RICH, generatedAt: '2026-11-23T10:00:00Z' });
    expect(Buffer.from(later).equals(Buffer.from(first))).toBe(false);

    const pdf = await open(first);
    const info = await infoOf(pdf);
    expect(info.CreationDate).toBe('D:20261122100000Z');
    expect(info.ModDate).toBe('D:20261122100000Z');
    expect(info.Producer).toBe(REPORT_PDF_PRODUCER);
    expect(info.Creator).toBe('Stackport');
    await pdf.destroy();
    expect(Buffer.from(first).toString('latin1')).not.toMatch(/\/ID\s*\[/);
  });

  it('puts the confidentiality banner on exactly the pages that show a confidential section', async () => {
    // Every line of the confidential section contains "secret", so each page showing it is known.
    const filler = (word: string, n: number) =>
      Array.from({ length: n }, () => ({ kind: 'paragraph' as const, text: `${word} `.repeat(120) }));
    const pages = await pagesOf(
      await renderPdf(
        doc([
          { heading: 'Public background', blocks: filler('public', 14) },
          { heading: 'Confidential pricing', confidential: true, blocks: filler('secret', 14) },
          { heading: 'Public annex', blocks: filler('annex', 14) },
        ]),
      ),
    );
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const confidentialContent = (p: PageText) => /\bsecret\b|Confidential pricing/.test(p.text);
    expect(pages.filter(confidentialContent).length).toBeGreaterThan(0);
    expect(pages.filter((p) => !confidentialContent(p)).length).toBeGreaterThanOrEqual(2);
    pages.forEach((page, i) => {
      expect(hasBanner(page), `page ${i + 1}`).toBe(confidentialContent(page));
    });
    expect(hasBanner(pages[0]!)).toBe(false);
    // The section heading carries the marking too.
    expect(pages.some((p) => p.items.some((i) => i.str === 'Business confidential'))).toBe(true);
  });

  it('draws no banner when no section is confidential, and a default marking when none is given', async () => {
    const plain = await pagesOf(await renderPdf(RICH_PUBLIC()));
    expect(plain.some(hasBanner)).toBe(false);
    const defaulted = await pagesOf(await renderPdf({ ...RICH, confidentiality: undefined }));
    expect(defaulted.some((p) => p.items.some((i) => i.str === 'CONFIDENTIAL'))).toBe(true);
  });

  it('produces a PDF that pdf.js and pdf-lib load without errors or warnings', async () => {
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    const bytes = await renderPdf(RICH);
    expect(Buffer.from(bytes.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.7');
    const pdf = await open(bytes);
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      expect(page.view.map((v) => Math.round(v))).toEqual([0, 0, 595, 842]); // A4
      await page.getTextContent();
      await page.getOperatorList();
    }
    await pdf.destroy();
    const reloaded = await PDFDocument.load(bytes);
    expect(reloaded.getPageCount()).toBeGreaterThan(0);
    expect(reloaded.getTitle()).toBe(RICH.title);
    for (const spy of [log, warn, error]) expect(spy).not.toHaveBeenCalled();
  });

  it('renders edge cases: empty sections, a table without rows, ragged rows', async () => {
    const pages = await pagesOf(
      await renderPdf(
        doc([
          { heading: 'Nothing here', blocks: [] },
          { heading: 'Empty table', blocks: [{ kind: 'table', header: ['A', 'B'], rows: [] }] },
          {
            heading: 'Ragged',
            blocks: [
              { kind: 'table', header: ['One'], rows: [['1', '2', '3'], []] },
              { kind: 'paragraph', text: '' },
              { kind: 'bullets', items: [] },
              { kind: 'keyValue', items: [] },
              { kind: 'code', text: '' },
            ],
          },
        ]),
      ),
    );
    const text = pages.map((p) => p.text).join(' ');
    for (const s of ['Nothing here', 'Empty table', 'Ragged', 'One', '3']) expect(text).toContain(s);
  });

  it('writes PDF dates in UTC whatever the zone of generatedAt', async () => {
    const pdf = await open(await renderPdf({ ...RICH, generatedAt: '2026-11-22T23:30:00-05:00' }));
    expect((await infoOf(pdf)).CreationDate).toBe('D:20261123043000Z');
    await pdf.destroy();
  });

  it('refuses a generatedAt that is not an ISO timestamp with a zone', async () => {
    await expect(renderPdf({ ...RICH, generatedAt: 'yesterday' })).rejects.toBeInstanceOf(AppError);
    await expect(renderPdf({ ...RICH, generatedAt: '2026-11-22T10:00:00' })).rejects.toMatchObject({
      code: 'SP_BAD_REQUEST',
    });
    await expect(renderPdf({ ...RICH, generatedAt: '2026-11-22' })).resolves.toBeInstanceOf(Uint8Array);
  });
});

function RICH_PUBLIC(): ReportDocument {
  return { ...RICH, sections: RICH.sections.map((s) => ({ ...s, confidential: false })) };
}

describe('autoColumnWidths', () => {
  it('fills the width in proportion when everything fits on one line', () => {
    expect(autoColumnWidths([10, 30], [5, 5], 80)).toEqual([20, 60]);
  });
  it('keeps narrow columns whole and gives the rest to the wide ones', () => {
    const widths = autoColumnWidths([20, 60, 900], [15, 40, 60], 400);
    expect(widths[0]).toBeCloseTo(20);
    expect(widths[1]).toBeCloseTo(60);
    expect(widths[2]).toBeCloseTo(320);
  });
  it('never goes below a column minimum unless even the minimums do not fit', () => {
    const widths = autoColumnWidths([300, 300, 300], [250, 20, 20], 400);
    expect(widths[0]).toBeCloseTo(250);
    expect(widths[1]).toBeCloseTo(75);
    expect(widths.reduce((a, b) => a + b)).toBeCloseTo(400);
    const squeezed = autoColumnWidths([300, 300], [300, 100], 200);
    expect(squeezed[0]).toBeCloseTo(150);
    expect(squeezed[1]).toBeCloseTo(50);
  });
});

describe('standard font encoding', () => {
  it('the WinAnsi table matches what pdf-lib encodes for Helvetica and Courier', async () => {
    const pdf = await PDFDocument.create();
    const expected = [
      ...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i),
      ...Array.from({ length: 0x100 - 0xa0 }, (_, i) => 0xa0 + i),
      ...WINANSI_EXTRA_CODE_POINTS,
    ].sort((a, b) => a - b);
    for (const name of [StandardFonts.Helvetica, StandardFonts.HelveticaBold, StandardFonts.Courier]) {
      const font = await pdf.embedFont(name);
      expect([...font.getCharacterSet()].sort((a, b) => a - b)).toEqual(expected);
    }
  });
});
