/**
 * Per-column charts: permutation importance and drift.
 */
import { type Figure, PALETTE, baseLayout, round } from "./style";

/** Permutation importance as horizontal bars with their spread. */
export function importanceFigure(
  model: string,
  rows: { column: string; importance: number; spread: number }[],
  scoreName = "ROC AUC",
  how = {
    title: `What ${model} relies on: drop in ${scoreName} when a column is shuffled`,
    axis: "mean of 5 seeded shuffles, ± spread",
  },
): Figure {
  return {
    data: [
      {
        type: "bar",
        orientation: "h",
        name: model,
        y: rows.map((r) => r.column),
        x: rows.map((r) => round(r.importance)),
        error_x: { type: "data", array: rows.map((r) => round(r.spread)), color: "#333" },
        marker: { color: PALETTE[0], pattern: { shape: "/" } },
        hovertemplate: `%{y}: ${scoreName} drops by %{x:.4f}<extra></extra>`,
      },
    ],
    layout: {
      ...baseLayout(how.title),
      xaxis: { title: { text: `${scoreName} drop (${how.axis})` }, zeroline: true },
      yaxis: { automargin: true, autorange: "reversed" },
      height: 120 + 28 * rows.length,
      margin: { l: 60, r: 30, t: 50, b: 60 },
    },
  };
}

/** PSI per feature column, coloured by band, with the 0.1 and 0.25 lines. */
export function driftFigure(rows: { column: string; psi: number; status: "stable" | "moderate" | "major" }[]): Figure {
  const colour = { stable: "#009E73", moderate: "#E69F00", major: "#D55E00" };
  const top = Math.max(0.3, ...rows.map((r) => r.psi)) * 1.1;
  return {
    data: [
      {
        type: "bar",
        orientation: "h",
        name: "PSI",
        y: rows.map((r) => r.column),
        x: rows.map((r) => round(r.psi)),
        marker: { color: rows.map((r) => colour[r.status]) },
        text: rows.map((r) => r.status),
        textposition: "outside",
        hovertemplate: "%{y}: PSI %{x:.4f} (%{text})<extra></extra>",
      },
    ],
    layout: {
      ...baseLayout("Drift against the training data: population stability index per column"),
      xaxis: { title: { text: "PSI (< 0.1 stable, 0.1-0.25 moderate, > 0.25 major)" }, range: [0, top] },
      yaxis: { automargin: true, autorange: "reversed" },
      shapes: [0.1, 0.25].map((x) => ({
        type: "line",
        x0: x,
        x1: x,
        y0: 0,
        y1: 1,
        yref: "paper",
        line: { dash: "dot", color: "#555", width: 1 },
      })),
      height: 140 + 28 * rows.length,
      margin: { l: 60, r: 60, t: 50, b: 60 },
    },
  };
}
