import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { ReportDocument } from './document.js';
import { escapeHtml, renderHtml } from './html.js';

const EVIL = '<script>alert("x")</script>';

const DOC: ReportDocument = {
  title: `Evaluation ${EVIL}`,
  subtitle: 'Model evaluation & review',
  generatedAt: '2026-11-22T10:00:00Z',
  reference: 'EVAL-9 "quoted"',
  confidentiality: 'Business confidential',
  sections: [
    {
      heading: `Findings ${EVIL}`,
      blocks: [
        { kind: 'paragraph', text: `Line one ${EVIL}\nLine two — Москва 北京` },
        {
          kind: 'keyValue',
          items: [
            { key: `Key ${EVIL}`, value: `<img src=x onerror=alert(1)>` },
            { key: 'Missing', value: null },
          ],
        },
        { kind: 'bullets', items: [`Bullet ${EVIL}`] },
        { kind: 'callout', tone: 'warning', text: `Careful ${EVIL}` },
        { kind: 'callout', tone: 'note', title: `Title ${EVIL}`, text: 'note' },
      ],
    },
    {
      heading: 'Evidence',
      confidential: true,
      blocks: [
        { kind: 'code', caption: `Caption ${EVIL}`, text: `{"a": "${EVIL}"}` },
        { kind: 'table', caption: 'Rows', header: ['Name', `Head ${EVIL}`], rows: [[`Cell ${EVIL}`, 42], ['short']] },
      ],
    },
  ],
};

describe('renderHtml', () => {
  it('escapes every piece of content: no markup from the document survives', () => {
    const html = renderHtml(DOC);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // Once per place content appears: title tag, h1, heading, paragraph, key, bullet, callout, callout
    // title, caption, code, table header, table cell.
    expect(html.split('&lt;script&gt;').length - 1).toBe(12);
    expect(html).toContain('EVAL-9 &quot;quoted&quot;');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('is a complete, self-contained page: inline CSS, no scripts or external assets', () => {
    // Content without markup, so that anything asset-like in the output comes from the renderer.
    const html = renderHtml(
      JSON.parse(JSON.stringify(DOC).replaceAll(EVIL, 'text').replace('<img src=x onerror=alert(1)>', 'image')),
    );
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain("default-src 'none'");
    expect(html).toMatch(/<style>[\s\S]*@page \{ size: A4;/);
    expect(html).not.toMatch(/<link|<script|\bsrc=|@import|url\(|https?:\/\//i);
  });

  it('renders every block kind and keeps Unicode', () => {
    const html = renderHtml(DOC);
    for (const s of [
      '<h1>Evaluation',
      '<p class="subtitle">Model evaluation &amp; review</p>',
      '<time datetime="2026-11-22T10:00:00Z">',
      'Line one',
      '<br>Line two — Москва 北京',
      '<dt>Missing</dt><dd>—</dd>',
      '<ul><li>Bullet',
      'class="callout warning"',
      '<strong>Warning</strong>',
      'class="callout note"',
      '<pre><code>{&quot;a&quot;:',
      '<th scope="col">Name</th>',
      '<td>42</td>',
      '<tr><td>short</td><td></td></tr>',
      'EVAL-9 &quot;quoted&quot; · generated 2026-11-22T10:00:00Z',
    ]) {
      expect(html, s).toContain(s);
    }
  });

  it('marks confidential sections only', () => {
    const html = renderHtml(DOC);
    const sections = html.split('<section').slice(1);
    expect(sections).toHaveLength(2);
    expect(sections[0]).not.toContain('class="marking"');
    expect(sections[1]).toMatch(/^ class="confidential">\n<div class="marking">Business confidential<\/div>/);
    expect(html).toContain('Contains sections marked Business confidential');
    const plain = renderHtml({ ...DOC, sections: DOC.sections.map((s) => ({ ...s, confidential: false })) });
    expect(plain).not.toContain('class="marking"');
    expect(plain).not.toContain('Contains sections marked');
  });

  it('is deterministic and validates generatedAt', () => {
    expect(renderHtml(DOC)).toBe(renderHtml(DOC));
    expect(() => renderHtml({ ...DOC, generatedAt: 'now' })).toThrow(AppError);
  });
});
