/// <reference path="./raw-assets.d.ts" />
// The report as one self-contained HTML file: the template with its stylesheet, script and data
// inlined, and a Content-Security-Policy that lets the page load nothing but its own audio.
import { createHash } from 'node:crypto';
import template from './template.html?raw';
import stylesheet from './report.css?raw';
import script from './report.js?raw';
import type { ReportData } from './report-data';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Text safe inside an HTML element's content: `&`, `<`, `>` escaped. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * JSON that can sit inside `<script type="application/json">`: `<` (so no `</script>` or `<!--`),
 * U+2028 and U+2029 written as escapes, which JSON.parse reads back unchanged.
 */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const SLOTS = ['csp', 'title', 'style', 'data', 'script'] as const;

/**
 * Fills every `{{slot}}` of the template in one pass, so that a value (a speaker called
 * `{{script}}`, a `$&` in a title) is never read as a slot or a replacement pattern.
 */
function fill(html: string, values: Record<(typeof SLOTS)[number], string>): string {
  for (const slot of SLOTS) {
    if (html.split(`{{${slot}}}`).length !== 2) throw new Error(`report template: expected exactly one {{${slot}}}`);
  }
  return html.replace(/\{\{(csp|title|style|data|script)\}\}/g, (_, slot: (typeof SLOTS)[number]) => values[slot]);
}

/**
 * Renders the report page: the template with the stylesheet, the page script and `data` inlined.
 * The page's Content-Security-Policy allows only that stylesheet and script (by SHA-256) and media
 * from the page's own place or a `data:` URI, so the page makes no network requests.
 */
export function renderReportHtml(data: ReportData): string {
  if (/<\/script/i.test(script) || /<\/style/i.test(stylesheet)) throw new Error('report assets must not close their own element');
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(stylesheet)}`,
    `script-src ${sha256(script)}`,
    "media-src 'self' data: file:",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return fill(template, { csp, title: escapeHtml(data.title), style: stylesheet, data: scriptSafeJson(data), script });
}
