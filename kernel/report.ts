/**
 * An executed notebook → one self-contained HTML report: markdown rendered,
 * tables and charts inline, plotly.js embedded once, nothing fetched from the
 * network. DSL cells (the needs, data and models) are shown; TypeScript cells
 * are folded away, so the report reads as a study rather than as code.
 */
import MarkdownIt from "markdown-it";
import escapeHtml from "escape-html";
import { cellSource, Notebook, Output } from "./notebook";
import { drawScript, plotlyLoaderScript, PLOTLY_MIME } from "./display";
import { isDslCell, stripMagic } from "../plan/magic";
import type { Figure } from "../stdlib/plots";

const CSS = `
body{font-family:Inter,Segoe UI,Helvetica,Arial,sans-serif;max-width:1040px;margin:32px auto;padding:0 24px;color:#1d1d1f;line-height:1.5}
h1,h2,h3{line-height:1.25}h1{border-bottom:2px solid #0072B2;padding-bottom:6px}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:10px 12px;border-radius:6px;overflow-x:auto;font-size:12.5px}
code{font-family:SFMono-Regular,Consolas,Menlo,monospace}
.cell{margin:14px 0}.source-needs pre{border-left:4px solid #0072B2;background:#f3f8fc}
.label{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:#666;margin-bottom:2px}
details>summary{cursor:pointer;color:#555;font-size:13px}
.stream-stderr{background:#fff8e6}.error{background:#fdecea;color:#8a1c1c}
.output{margin:8px 0;overflow-x:auto}
footer{margin-top:40px;color:#888;font-size:12px;border-top:1px solid #ddd;padding-top:8px}
@media print{details{display:none}.output{break-inside:avoid}}
`;

const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");
const asText = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));

export interface ReportOptions {
  title?: string;
  generator?: string;
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
  let plotCount = 0;
  const renderOutput = (o: Output): string => {
    switch (o.output_type) {
      case "stream":
        return `<pre class="output stream-${o.name}">${escapeHtml(stripAnsi(asText(o.text)))}</pre>`;
      case "error":
        return `<pre class="output error">${escapeHtml(stripAnsi(o.traceback.join("\n") || `${o.ename}: ${o.evalue}`))}</pre>`;
      default: {
        const data = o.data;
        if (data[PLOTLY_MIME]) {
          const id = `report-plot-${++plotCount}`;
          const fig = data[PLOTLY_MIME] as Figure;
          const layout = fig.layout as { width?: number; height?: number };
          return `<div class="output"><div id="${id}" class="needlab-plot" style="width:${layout.width ? `${layout.width}px` : "100%"};height:${layout.height ?? 450}px"></div>${drawScript(id, fig)}</div>`;
        }
        if (data["text/html"]) return `<div class="output">${asText(data["text/html"])}</div>`;
        if (data["image/png"])
          return `<div class="output"><img alt="figure" src="data:image/png;base64,${asText(data["image/png"]).trim()}"></div>`;
        if (data["image/svg+xml"]) return `<div class="output">${asText(data["image/svg+xml"])}</div>`;
        if (data["text/markdown"]) return `<div class="output">${dataMd.render(asText(data["text/markdown"]))}</div>`;
        if (data["text/plain"]) return `<pre class="output">${escapeHtml(stripAnsi(asText(data["text/plain"])))}</pre>`;
        return "";
      }
    }
  };
  const body = nb.cells
    .map((cell) => {
      const src = cellSource(cell);
      if (cell.cell_type === "markdown") return `<section class="cell markdown">${md.render(src)}</section>`;
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
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style>
${loader}
</head><body>
${body}
<footer>Generated by ${escapeHtml(options.generator ?? "needlab")}. Self-contained: charts are drawn by the plotly.js embedded in this file, with no network access.</footer>
</body></html>
`;
}
