/**
 * Renders a {@link ReportDocument} to one self-contained, printable HTML page: inline CSS, no
 * scripts, no external assets (a Content-Security-Policy forbids loading any), every piece of
 * content HTML-escaped. Unlike the PDF, text keeps its full Unicode.
 * @module
 */
import {
  calloutTitle,
  confidentialityMarking,
  formatReportValue,
  hasConfidentialSections,
  type ReportBlock,
  type ReportDocument,
  type ReportSection,
  reportDate,
  tableColumnCount,
} from './document.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Escaped prose with `\n` as line breaks. */
function prose(text: string): string {
  return escapeHtml(text.replace(/\r\n?/g, '\n')).replace(/\n/g, '<br>');
}

const STYLE = `
@page { size: A4; margin: 18mm 17mm 20mm; }
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 210mm; padding: 24px 32px; font: 10.5pt/1.45 Helvetica, Arial, sans-serif; color: #1a1a1f; background: #fff; }
header.report { border-bottom: 1.5px solid #c7ccd4; padding-bottom: 10px; margin-bottom: 18px; }
h1 { font-size: 20pt; line-height: 1.2; margin: 0 0 4px; }
.subtitle { font-size: 12pt; color: #5f6670; margin: 0 0 8px; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0; font-size: 9pt; color: #5f6670; }
.meta div { display: flex; gap: 6px; }
.meta dt { font-weight: bold; }
.meta dd { margin: 0; }
section { margin: 0 0 20px; }
h2 { font-size: 14pt; margin: 0 0 8px; padding-bottom: 3px; border-bottom: 1px solid #c7ccd4; break-after: avoid; page-break-after: avoid; }
section.confidential { border-left: 3px solid #9e1717; padding-left: 10px; }
.marking { display: inline-block; margin: 0 0 6px; padding: 2px 8px; background: #9e1717; color: #fff; font-size: 8pt; font-weight: bold; letter-spacing: 0.06em; text-transform: uppercase; }
.notice { margin: 6px 0 0; font-size: 9pt; color: #9e1717; font-weight: bold; }
p { margin: 0 0 8px; }
ul { margin: 0 0 8px; padding-left: 20px; }
dl.kv { display: grid; grid-template-columns: minmax(8em, max-content) 1fr; gap: 0; margin: 0 0 8px; font-size: 9.5pt; }
dl.kv dt, dl.kv dd { margin: 0; padding: 3px 8px 3px 0; border-bottom: 1px solid #e3e6ea; overflow-wrap: anywhere; }
dl.kv dt { font-weight: bold; }
figure { margin: 0 0 8px; }
figcaption { font-size: 9pt; font-weight: bold; color: #5f6670; margin-bottom: 3px; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
thead { display: table-header-group; }
th, td { border: 1px solid #c7ccd4; padding: 3px 5px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #e6eaf2; }
tbody tr:nth-child(even) td { background: #f7f8fa; }
tr { break-inside: avoid; page-break-inside: avoid; }
pre { margin: 0; padding: 6px 8px; background: #f2f3f5; font: 8.5pt/1.3 "Courier New", Courier, monospace; white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 2; }
.callout { margin: 0 0 8px; padding: 6px 10px; border-left: 3px solid; break-inside: avoid; }
.callout.note { background: #ebf2fc; border-color: #346bbf; }
.callout.warning { background: #fff2db; border-color: #d9850d; }
.callout strong { display: block; }
.callout.note strong { color: #346bbf; }
.callout.warning strong { color: #b36a00; }
footer.report { margin-top: 24px; padding-top: 6px; border-top: 1px solid #c7ccd4; font-size: 8pt; color: #5f6670; text-align: center; }
@media print { body { padding: 0; max-width: none; } * { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;

function caption(text: string | undefined): string {
  return text ? `<figcaption>${escapeHtml(text)}</figcaption>` : '';
}

function block(b: ReportBlock): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${prose(b.text)}</p>`;
    case 'bullets':
      return `<ul>${b.items.map((item) => `<li>${prose(item)}</li>`).join('')}</ul>`;
    case 'keyValue':
      return `<dl class="kv">${b.items
        .map((i) => `<dt>${escapeHtml(i.key)}</dt><dd>${prose(formatReportValue(i.value))}</dd>`)
        .join('')}</dl>`;
    case 'table': {
      const columns = tableColumnCount(b);
      const head = Array.from({ length: columns }, (_, c) => `<th scope="col">${prose(b.header[c] ?? '')}</th>`);
      const rows = b.rows.map(
        (row) =>
          `<tr>${Array.from({ length: columns }, (_, c) => `<td>${c < row.length ? prose(formatReportValue(row[c])) : ''}</td>`).join('')}</tr>`,
      );
      return `<figure>${caption(b.caption)}<table><thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table></figure>`;
    }
    case 'code':
      return `<figure>${caption(b.caption)}<pre><code>${escapeHtml(b.text.replace(/\r\n?/g, '\n'))}</code></pre></figure>`;
    case 'callout':
      return `<aside class="callout ${b.tone === 'warning' ? 'warning' : 'note'}" role="note"><strong>${escapeHtml(calloutTitle(b))}</strong>${prose(b.text)}</aside>`;
  }
}

function section(s: ReportSection, marking: string): string {
  const mark = s.confidential ? `<div class="marking">${escapeHtml(marking)}</div>\n` : '';
  const cls = s.confidential ? ' class="confidential"' : '';
  return `<section${cls}>\n${mark}<h2>${escapeHtml(s.heading)}</h2>\n${s.blocks.map(block).join('\n')}\n</section>`;
}

/** Renders the document as a complete HTML page. Same document, same string. */
export function renderHtml(doc: ReportDocument): string {
  reportDate(doc); // the same validation as the PDF
  const marking = confidentialityMarking(doc);
  const notice = hasConfidentialSections(doc)
    ? `<p class="notice">Contains sections marked ${escapeHtml(marking)}</p>`
    : '';
  const subtitle = doc.subtitle ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Stackport">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="report">
<h1>${escapeHtml(doc.title)}</h1>
${subtitle}
<dl class="meta"><div><dt>Reference</dt><dd>${escapeHtml(doc.reference)}</dd></div><div><dt>Generated</dt><dd><time datetime="${escapeHtml(doc.generatedAt)}">${escapeHtml(doc.generatedAt)}</time></dd></div></dl>
${notice}
</header>
<main>
${doc.sections.map((s) => section(s, marking)).join('\n')}
</main>
<footer class="report">${escapeHtml(doc.reference)} \u00b7 generated ${escapeHtml(doc.generatedAt)}</footer>
</body>
</html>
`;
}
