/**
 * Tables people read: the verdict table, the metrics table and the dataset
 * summary, each as HTML (inline styles, so it looks the same in JupyterLab,
 * the classic Notebook and an exported report) and as plain text.
 */
import escapeHtml from "escape-html";
import type { Evaluation } from "./evaluate";
import type { VerdictStatus } from "./needs";
import { METRIC_NAMES } from "./metrics";

export interface View {
  html: string;
  text: string;
}

export const fmt = (v: number, digits = 3): string => (Number.isFinite(v) ? v.toFixed(digits) : "undefined");

const BADGE: Record<VerdictStatus, { bg: string; fg: string; mark: string }> = {
  pass: { bg: "#e3f4ea", fg: "#0b6b35", mark: "✔ pass" },
  fail: { bg: "#fbe4e2", fg: "#a4161a", mark: "✘ fail" },
  undefined: { bg: "#f1f1f1", fg: "#555555", mark: "? undefined" },
};

const TABLE = 'style="border-collapse:collapse;font-family:Inter,Segoe UI,Helvetica,Arial,sans-serif;font-size:13px;margin:6px 0"';
const TH = 'style="text-align:left;padding:6px 10px;border-bottom:2px solid #333;background:#fafafa"';
const TD = 'style="padding:6px 10px;border-bottom:1px solid #ddd;vertical-align:top"';
const TDNUM = 'style="padding:6px 10px;border-bottom:1px solid #ddd;text-align:right;font-variant-numeric:tabular-nums"';

function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** One row per need; one column per model with the measured value and pass/fail. */
export function verdictView(evals: Evaluation[]): View {
  const needs = evals[0]?.verdicts.map((v) => v.need) ?? [];
  const header = ["need", "level", ...evals.map((e) => e.model)];
  const cell = (e: Evaluation, i: number) => e.verdicts[i];
  const textRows = needs.map((need, i) => [need.text, need.level, ...evals.map((e) => `${fmt(cell(e, i).measured)} ${BADGE[cell(e, i).status].mark}`)]);
  const summary = evals.map((e) => {
    const failedMust = e.verdicts.filter((v) => v.need.level === "must" && v.status !== "pass").length;
    return { model: e.model, ok: failedMust === 0, failedMust, passed: e.verdicts.filter((v) => v.status === "pass").length };
  });
  const summaryText = summary.map((s) => `${s.model}: ${s.ok ? "meets every must-need" : `misses ${s.failedMust} must-need${s.failedMust === 1 ? "" : "s"}`} (${s.passed}/${needs.length} needs met)`).join("\n");

  const htmlRows = needs
    .map((need, i) => {
      const because = need.because ? `<div style="color:#666;font-size:12px">${escapeHtml(need.because)}</div>` : "";
      const cells = evals
        .map((e) => {
          const v = cell(e, i);
          const b = BADGE[v.status];
          return `<td ${TDNUM}><span style="margin-right:8px">${fmt(v.measured)}</span><span style="background:${b.bg};color:${b.fg};padding:2px 8px;border-radius:10px;font-weight:600;white-space:nowrap">${b.mark}</span></td>`;
        })
        .join("");
      return `<tr><td ${TD}><code>${escapeHtml(need.text)}</code>${because}</td><td ${TD}>${need.level}</td>${cells}</tr>`;
    })
    .join("");
  const summaryCells = summary.map((s) => `<td ${TDNUM}><b style="color:${s.ok ? "#0b6b35" : "#a4161a"}">${s.ok ? "meets all musts" : `misses ${s.failedMust} must${s.failedMust === 1 ? "" : "s"}`}</b></td>`).join("");
  const html =
    `<table class="needlab-verdicts" ${TABLE}><caption style="text-align:left;font-weight:600;padding:4px 0">Needs verdicts (test split, ${evals[0]?.rows ?? 0} rows)</caption>` +
    `<thead><tr>${header.map((h) => `<th ${TH}>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${htmlRows}` +
    `<tr><td ${TD} colspan="2"><b>verdict</b></td>${summaryCells}</tr></tbody></table>`;
  return { html, text: `Needs verdicts (test split)\n${textTable(header, textRows)}\n\n${summaryText}` };
}

/** All metrics for every model, for the dataset's positive class. */
export function metricsView(evals: Evaluation[]): View {
  const header = ["model", "cut-off", ...METRIC_NAMES, "tn", "fp", "fn", "tp"];
  const rows = evals.map((e) => [e.model, String(e.threshold), ...METRIC_NAMES.map((m) => fmt(e.metrics[m])), ...[e.confusion.tn, e.confusion.fp, e.confusion.fn, e.confusion.tp].map(String)]);
  const positive = evals[0]?.positive ?? "";
  const html =
    `<table class="needlab-metrics" ${TABLE}><caption style="text-align:left;font-weight:600;padding:4px 0">Test metrics, positive class "${escapeHtml(positive)}"</caption>` +
    `<thead><tr>${header.map((h) => `<th ${TH}>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((c, i) => `<td ${i === 0 ? TD : TDNUM}>${escapeHtml(c)}</td>`).join("")}</tr>`).join("") +
    `</tbody></table>`;
  return { html, text: `Test metrics, positive class "${positive}"\n${textTable(header, rows)}` };
}

export interface KeyValueRow {
  key: string;
  value: string;
}

/** A small two-column summary (dataset, training run). */
export function keyValueView(title: string, rows: KeyValueRow[], notes: string[] = []): View {
  const html =
    `<table ${TABLE}><caption style="text-align:left;font-weight:600;padding:4px 0">${escapeHtml(title)}</caption><tbody>` +
    rows.map((r) => `<tr><th ${TH.replace("border-bottom:2px solid #333", "border-bottom:1px solid #ddd")}>${escapeHtml(r.key)}</th><td ${TD}>${escapeHtml(r.value)}</td></tr>`).join("") +
    `</tbody></table>` +
    (notes.length ? `<ul style="margin:4px 0 8px 18px;color:#555;font-size:12px">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : "");
  const width = Math.max(...rows.map((r) => r.key.length));
  const text = [title, ...rows.map((r) => `  ${r.key.padEnd(width)}  ${r.value}`), ...notes.map((n) => `  note: ${n}`)].join("\n");
  return { html, text };
}
