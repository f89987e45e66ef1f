/**
 * An executed notebook → one self-contained HTML report: markdown rendered,
 * tables and charts inline, plotly.js embedded once, nothing fetched from the
 * network. DSL cells (the needs, data and models) are shown; TypeScript cells
 * are folded away, so the report reads as a study rather than as code.
 */
import MarkdownIt from "markdown-it";
import escapeHtml from "escape-html";
import { cellSource, Notebook, Output } from "./notebook";
import { drawScript, plotElement, plotlyLoaderScript, PLOTLY_MIME } from "./display";
import {
  markPlaceholders,
  placeholderBanner,
  placeholdersIn,
  relativePaths,
  runNotesBlock,
  separateRunNotes,
  ShownOnce,
} from "./report-content";
import { isDslCell, stripMagic } from "../plan/magic";
import { provenanceBlock } from "./provenance";
import type { Figure } from "../stdlib/plots";

/**
 * Screen: one readable column; wide tables scroll inside their output.
 * Print (A4 or Letter, 10 mm margins: at least 718 px across): charts are
 * never drawn wider than CHART_MAX_PX, so a page holds them whole, and
 * tables shrink their type and padding and break long headers so that every
 * column stays on the page.
 */
const CHART_MAX_PX = 700;
const CSS = `
body{font-family:Inter,Segoe UI,Helvetica,Arial,sans-serif;max-width:1040px;margin:32px auto;padding:0 24px;color:#1d1d1f;line-height:1.5}
h1,h2,h3{line-height:1.25}h1{border-bottom:2px solid #0072B2;padding-bottom:6px}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:10px 12px;border-radius:6px;overflow-x:auto;font-size:12.5px}
code{font-family:SFMono-Regular,Consolas,Menlo,monospace}
.cell{margin:14px 0}.source-needs pre{border-left:4px solid #0072B2;background:#f3f8fc}
.label{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:#666;margin-bottom:2px}
details>summary{cursor:pointer;color:#555;font-size:13px}
.stream-stderr{background:#fff8e6}.error{background:#fdecea;color:#8a1c1c}
.output{margin:8px 0;overflow-x:auto;max-width:100%}
mark.placeholder{background:#ffe08a;color:#5c3d00;padding:0 4px;border-radius:3px}
.placeholders{background:#fff4d6;border:1px solid #e0b000;color:#5c3d00;padding:8px 12px;border-radius:6px;margin:12px 0}
.run-notes pre{font-size:11.5px;color:#555}
footer{margin-top:40px;color:#888;font-size:12px;border-top:1px solid #ddd;padding-top:8px}
@page{margin:10mm}
@media print{
body{max-width:none;margin:0;padding:0;font-size:11px}
details{display:none}
.output{break-inside:avoid;overflow:visible}
table{font-size:9.5px!important;max-width:100%}
th,td{padding:3px 4px!important}
caption{font-size:11px}
pre{font-size:10px}
}
`;

const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");
const asText = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));

export interface ReportOptions {
  title?: string;
  generator?: string;
  /** The executed notebook's folder: paths under it are shown relative to the notebook. */
  notebookDir?: string;
}

export function notebookTitle(nb: Notebook): string | undefined {
  for (const c of nb.cells) {
    if (c.cell_type !== "markdown") continue;
    const m = /^#\s+(.+)$/m.exec(cellSource(c));
    if (m) return m[1].trim();
  }
  return undefined;
}

export function renderReport(nb: Notebook, options: ReportOptions = {}): string {
  // The author's markdown cells may hold HTML, as in Jupyter; markdown that cells output is data
  // (model cards, column names, classes), so its raw HTML is shown as text, never passed through.
  const md = new MarkdownIt({ html: true, linkify: false, typographer: true });
  const dataMd = new MarkdownIt({ html: false, linkify: false, typographer: true });
  const shownOnce = new ShownOnce();
  const notes: string[] = [];
  const placeholders: string[] = [];
  let plotCount = 0;
  const preformatted = (cls: string, text: string) => {
    const { shown, notes: found } = separateRunNotes(stripAnsi(text));
    notes.push(...found);
    return shown.trim() ? `<pre class="output ${cls}">${escapeHtml(shown)}</pre>` : "";
  };
  const renderOutput = (o: Output): string => {
    switch (o.output_type) {
      case "stream":
        return preformatted(`stream-${o.name}`, asText(o.text));
      case "error":
        return preformatted("error", o.traceback.join("\n") || `${o.ename}: ${o.evalue}`);
      default: {
        const data = o.data;
        if (data[PLOTLY_MIME]) {
          const id = `report-plot-${++plotCount}`;
          const fig = data[PLOTLY_MIME] as Figure;
          return `<div class="output">${plotElement(id, fig, CHART_MAX_PX)}${drawScript(id, fig)}</div>`;
        }
        if (data["text/html"]) {
          const html = asText(data["text/html"]);
          return shownOnce.first(html) ? `<div class="output">${html}</div>` : "";
        }
        if (data["image/png"])
          return `<div class="output"><img alt="figure" style="max-width:100%" src="data:image/png;base64,${asText(data["image/png"]).trim()}"></div>`;
        if (data["image/svg+xml"]) return `<div class="output">${asText(data["image/svg+xml"])}</div>`;
        if (data["text/markdown"]) return `<div class="output">${dataMd.render(asText(data["text/markdown"]))}</div>`;
        if (data["text/plain"]) return preformatted("", asText(data["text/plain"]));
        return "";
      }
    }
  };
  const body = nb.cells
    .map((cell) => {
      const src = cellSource(cell);
      if (cell.cell_type === "markdown") {
        placeholders.push(...placeholdersIn(src));
        return `<section class="cell markdown">${md.render(markPlaceholders(src))}</section>`;
      }
      if (cell.cell_type !== "code") return "";
      const outputs = (cell.outputs ?? []).map(renderOutput).join("");
      const input = isDslCell(src)
        ? `<div class="source-needs"><div class="label">needs</div><pre><code>${escapeHtml(stripMagic(src).replace(/^\s*\n/, ""))}</code></pre></div>`
        : src.trim()
          ? `<details><summary>TypeScript</summary><pre><code>${escapeHtml(src)}</code></pre></details>`
          : "";
      return `<section class="cell code">${input}${outputs}</section>`;
    })
    .join("\n");
  const title = options.title ?? notebookTitle(nb) ?? "needlab report";
  const loader = plotCount > 0 ? plotlyLoaderScript() : "";
  const content = relativePaths(
    `${placeholderBanner(placeholders)}\n${body}\n${runNotesBlock(notes)}${provenanceBlock(nb)}`,
    options.notebookDir,
  );
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style>
${loader}
</head><body>
${content}
<footer>Generated by ${escapeHtml(options.generator ?? "needlab")}. Self-contained: charts are drawn by the plotly.js embedded in this file, with no network access.</footer>
</body></html>
`;
}
