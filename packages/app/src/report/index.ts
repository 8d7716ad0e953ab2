/**
 * Printable reports: one plain-data document model, rendered to PDF (pdf-lib, standard fonts,
 * deterministic bytes) or to a self-contained HTML page. See docs/reports.md.
 * @module
 */
export * from './document.js';
export { escapeHtml, renderHtml } from './html.js';
export { REPORT_PDF_CREATOR, REPORT_PDF_PRODUCER, renderPdf, renderPdfWithHash, reportSha256 } from './pdf.js';
export { toWinAnsi } from './winansi.js';
