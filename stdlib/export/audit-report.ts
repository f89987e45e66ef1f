/**
 * The audit as a person reads it: plain text for the terminal, and a
 * self-contained HTML report (tables, by-group bars, disparities with
 * confidence intervals; plotly.js embedded once, no network).
 */
import escapeHtml from "escape-html";
import type { AuditResult } from "../audit";
import type { FairnessReport } from "../fairness";
import { GROUP_METRICS } from "../fairness";
import { byGroupFigure, disparityFigure } from "../plots";
import { drawScript, plotlyLoaderScript } from "../figure-html";
import { fmt } from "../views";

const interval = (i?: { low: number; high: number }) =>
  i && Number.isFinite(i.low) ? ` [${fmt(i.low)}, ${fmt(i.high)}]` : "";

function reports(r: AuditResult): FairnessReport[] {
  return [...Object.values(r.by), ...(r.intersectional ? [r.intersectional] : [])];
}

/** A group's marks: * below the minimum size, † (when not already small) too few actual positives. */
const mark = (g: { small: boolean; fewPositives: boolean; positives: number }) =>
  g.small ? " *" : g.fewPositives ? " †" : "";

function intervalsFor(r: AuditResult, f: FairnessReport) {
  return r.intervals
    ? (r.intervals.by[f.by] ?? (f === r.intersectional ? r.intervals.intersectional : undefined))
    : undefined;
}

export function auditText(r: AuditResult): string {
  const lines = [`needlab audit: ${r.rows} rows`, "", "overall"];
  for (const [m, v] of Object.entries(r.overall))
    lines.push(`  ${m.padEnd(20)} ${fmt(v!)}${interval(r.intervals?.overall[m as keyof typeof r.overall])}`);
  for (const f of reports(r)) {
    lines.push("", `by ${f.by}${f.privileged !== undefined ? ` (privileged: ${f.privileged})` : ""}`);
    lines.push(`  ${"group".padEnd(24)} ${"count".padStart(7)} ${GROUP_METRICS.map((m) => m.padStart(14)).join(" ")}`);
    for (const g of f.groups)
      lines.push(
        `  ${(g.group + mark(g)).padEnd(24)} ${String(g.count).padStart(7)} ${GROUP_METRICS.map((m) => fmt(g[m]).padStart(14)).join(" ")}`,
      );
    const ci = intervalsFor(r, f);
    for (const [d, v] of Object.entries(f.disparities))
      lines.push(`  ${d.padEnd(30)} ${fmt(v!)}${interval(ci?.[d as keyof typeof ci])}`);
  }
  if (r.undefined.length) lines.push("", "undefined", ...r.undefined.map((u) => `  ${u.what}: ${u.why}`));
  lines.push("", `* below the minimum group size (${r.settings.minGroupSize}); left out of disparities`);
  if (r.settings.minPositives > 1)
    lines.push(
      `† fewer actual positives than the minimum positives (${r.settings.minPositives}); left out of TPR-based disparities (equal opportunity, equalized odds)`,
    );
  return lines.join("\n");
}

const TABLE = 'style="border-collapse:collapse;font-size:13px;margin:8px 0"';
const CELL = 'style="padding:4px 10px;border-bottom:1px solid #ddd;text-align:right"';

function groupTable(f: FairnessReport): string {
  const head = ["group", "count", ...GROUP_METRICS].map((h) => `<th ${CELL}>${escapeHtml(h)}</th>`).join("");
  const rows = f.groups
    .map(
      (g) =>
        `<tr${g.small ? ' style="color:#888"' : ""}><td ${CELL}>${escapeHtml(g.group)}${mark(g)}</td><td ${CELL}>${g.count}</td>${GROUP_METRICS.map((m) => `<td ${CELL}>${fmt(g[m])}</td>`).join("")}</tr>`,
    )
    .join("");
  return `<table ${TABLE}><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderAuditReport(r: AuditResult, source: string): string {
  let n = 0;
  const chart = (fig: ReturnType<typeof byGroupFigure>) => {
    const id = `audit-plot-${++n}`;
    return `<div id="${id}" class="needlab-plot" style="width:100%;height:${(fig.layout as { height?: number }).height ?? 400}px"></div>${drawScript(id, fig)}`;
  };
  const overall = Object.entries(r.overall)
    .map(
      ([m, v]) =>
        `<tr><td ${CELL} style="text-align:left">${m}</td><td ${CELL}>${fmt(v!)}</td><td ${CELL}>${interval(r.intervals?.overall[m as keyof typeof r.overall])}</td></tr>`,
    )
    .join("");
  const sections = reports(r)
    .map((f) => {
      const ci = intervalsFor(r, f);
      const disp = Object.entries(f.disparities)
        .map(
          ([d, v]) =>
            `<tr><td ${CELL} style="text-align:left">${d}</td><td ${CELL}>${fmt(v!)}</td><td ${CELL}>${interval(ci?.[d as keyof typeof ci])}</td></tr>`,
        )
        .join("");
      return `<h2>By ${escapeHtml(f.by)}${f.privileged !== undefined ? ` <small>(privileged: ${escapeHtml(f.privileged)})</small>` : ""}</h2>${groupTable(f)}${chart(byGroupFigure(f as never))}<table ${TABLE}><tbody>${disp}</tbody></table>`;
    })
    .join("\n");
  const dispRows = reports(r).flatMap((f) => {
    const ci = intervalsFor(r, f);
    return Object.entries(f.disparities)
      .filter(([d]) => d.endsWith("difference"))
      .map(([d, v]) => ({
        by: f.by,
        name: d,
        value: v!,
        low: ci?.[d as keyof typeof ci]?.low,
        high: ci?.[d as keyof typeof ci]?.high,
      }));
  });
  const undef = r.undefined.length
    ? `<h2>Undefined values</h2><ul>${r.undefined.map((u) => `<li><b>${escapeHtml(u.what)}</b>: ${escapeHtml(u.why)}</li>`).join("")}</ul>`
    : "";
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Fairness audit of ${escapeHtml(source)}</title>
<style>body{font-family:Inter,Segoe UI,Helvetica,Arial,sans-serif;max-width:1040px;margin:32px auto;padding:0 24px;color:#1d1d1f}h1{border-bottom:2px solid #0072B2}</style>
${plotlyLoaderScript()}</head><body>
<h1>Fairness audit of ${escapeHtml(source)}</h1>
<p>${r.rows} predictions. Intervals: ${r.settings.bootstrap} seeded bootstrap resamples (seed ${r.settings.seed}), ${Math.round(r.settings.level * 100)}%. Groups under ${r.settings.minGroupSize} rows (*) are shown but left out of disparities${r.settings.minPositives > 1 ? `; groups with fewer than ${r.settings.minPositives} actual positives (†) are left out of those that rest on true positive rates (equal opportunity, equalized odds)` : ""}.</p>
<h2>Overall</h2><table ${TABLE}><tbody>${overall}</tbody></table>
${sections}
<h2>Disparities with intervals</h2>${chart(disparityFigure(dispRows))}
${undef}
<footer style="color:#888;font-size:12px;margin-top:30px">Generated by needlab audit. Self-contained: no network access needed.</footer>
</body></html>
`;
}
