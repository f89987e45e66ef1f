/**
 * Plotly figure builders. They return plain figure objects ({data, layout});
 * the kernel turns them into display bundles. Each model keeps one colour and
 * one line dash across every chart, so charts still read when printed in
 * black and white.
 */
import type { Evaluation } from "./evaluate";
import type { EpochLog } from "./train";

export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];
const DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"];

export const styleFor = (index: number) => ({
  color: PALETTE[index % PALETTE.length],
  dash: DASHES[index % DASHES.length],
});

const baseLayout = (title: string): Record<string, unknown> => ({
  title: { text: title },
  font: { family: "Inter, Segoe UI, Helvetica, Arial, sans-serif", size: 13 },
  paper_bgcolor: "white",
  plot_bgcolor: "white",
  margin: { l: 60, r: 20, t: 50, b: 50 },
});

const round = (v: number, d = 4) => (Number.isFinite(v) ? +v.toFixed(d) : null);

/** ROC curves of several models on one chart, with the chance diagonal. */
export function rocFigure(
  evals: Evaluation[],
  styleIndex: (model: string) => number = (m) => evals.findIndex((e) => e.model === m),
): Figure {
  const data: Record<string, unknown>[] = evals.map((e) => {
    const style = styleFor(styleIndex(e.model));
    return {
      type: "scatter",
      mode: "lines",
      name: `${e.model} (AUC ${round(e.metrics.roc_auc, 3)})`,
      x: e.roc.fpr.map((v) => round(v)),
      y: e.roc.tpr.map((v) => round(v)),
      line: { color: style.color, dash: style.dash, width: 2.5, shape: "linear" },
      hovertemplate: "FPR %{x:.3f}<br>TPR %{y:.3f}<extra>" + e.model + "</extra>",
    };
  });
  data.push({
    type: "scatter",
    mode: "lines",
    name: "chance",
    x: [0, 1],
    y: [0, 1],
    line: { color: "#888888", dash: "dot", width: 1 },
    hoverinfo: "skip",
  });
  const first = evals[0];
  return {
    data,
    layout: {
      ...baseLayout(
        `ROC curve: detecting "${first?.positive ?? "positive"}" on the test split of ${first?.dataset ?? "the data"}`,
      ),
      xaxis: { title: { text: "false positive rate" }, range: [0, 1], constrain: "domain", gridcolor: "#e5e5e5" },
      yaxis: {
        title: { text: "true positive rate (recall)" },
        range: [0, 1.01],
        scaleanchor: "x",
        gridcolor: "#e5e5e5",
      },
      legend: { x: 0.98, xanchor: "right", y: 0.02, bgcolor: "rgba(255,255,255,0.85)" },
      width: 620,
      height: 560,
    },
  };
}

/** One confusion-matrix heatmap per model, side by side, counts written in each cell. */
export function confusionFigure(evals: Evaluation[]): Figure {
  const n = evals.length;
  const gap = 0.08;
  const w = (1 - gap * (n - 1)) / Math.max(1, n);
  const data: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {
    ...baseLayout("Confusion matrices on the test split"),
    margin: { l: 100, r: 20, t: 90, b: 50 },
    height: 400,
    width: Math.max(440, 100 + 320 * n),
    annotations: [] as unknown[],
  };
  const annotations = layout.annotations as Record<string, unknown>[];
  evals.forEach((e, i) => {
    const ax = i === 0 ? "" : String(i + 1);
    const labels = [e.negative, e.positive];
    const z = [
      [e.confusion.tn, e.confusion.fp],
      [e.confusion.fn, e.confusion.tp],
    ];
    data.push({
      type: "heatmap",
      x: labels.map((l) => `pred ${l}`),
      y: labels.map((l) => `true ${l}`),
      z,
      xaxis: `x${ax}`,
      yaxis: `y${ax}`,
      colorscale: [
        [0, "#f7fbff"],
        [1, "#08519c"],
      ],
      showscale: false,
      hovertemplate: "%{y}, %{x}: %{z}<extra>" + e.model + "</extra>",
    });
    const max = Math.max(...z.flat());
    z.forEach((row, r) =>
      row.forEach((count, c) =>
        annotations.push({
          xref: `x${ax}`,
          yref: `y${ax}`,
          x: `pred ${labels[c]}`,
          y: `true ${labels[r]}`,
          text: String(count),
          showarrow: false,
          font: { size: 16, color: count > max / 2 ? "white" : "black" },
        }),
      ),
    );
    annotations.push({
      xref: "paper",
      yref: "paper",
      x: i * (w + gap) + w / 2,
      y: 1.02,
      xanchor: "center",
      yanchor: "bottom",
      text: `<b>${e.model}</b>`,
      showarrow: false,
    });
    layout[`xaxis${ax}`] = { domain: [i * (w + gap), i * (w + gap) + w], side: "bottom" };
    layout[`yaxis${ax}`] = { anchor: `x${ax}`, autorange: "reversed", showticklabels: i === 0 };
  });
  return { data, layout };
}

/** Training loss per epoch for each model. */
export function lossFigure(
  curves: { model: string; history: EpochLog[] }[],
  styleIndex: (model: string) => number = (m) => curves.findIndex((c) => c.model === m),
): Figure {
  return {
    data: curves.map((c) => {
      const style = styleFor(styleIndex(c.model));
      return {
        type: "scatter",
        mode: "lines",
        name: c.model,
        x: c.history.map((h) => h.epoch),
        y: c.history.map((h) => round(h.loss, 5)),
        line: { color: style.color, dash: style.dash, width: 2 },
      };
    }),
    layout: {
      ...baseLayout("Training loss"),
      xaxis: { title: { text: "epoch" } },
      yaxis: { title: { text: "binary cross-entropy" } },
      height: 360,
    },
  };
}

/** Group rates side by side (one bar group per metric, one colour per group), with an optional limit line. */
export function byGroupFigure(
  report: {
    by: string;
    groups: { group: string; count: number; small: boolean; [k: string]: number | string | boolean }[];
  },
  metrics: string[] = ["selection_rate", "recall", "fpr"],
  limit?: { metric: string; value: number; label: string },
): Figure {
  const data: Record<string, unknown>[] = report.groups.map((g, i) => {
    const style = styleFor(i);
    return {
      type: "bar",
      name: `${g.group} (n=${g.count}${g.small ? ", too small" : ""})`,
      x: metrics,
      y: metrics.map((m) =>
        typeof g[m] === "number" && Number.isFinite(g[m] as number) ? round(g[m] as number) : null,
      ),
      marker: {
        color: style.color,
        pattern: { shape: ["", "/", ".", "x", "-", "|", "+", "\\"][i % 8] },
        opacity: g.small ? 0.45 : 1,
      },
      hovertemplate: "%{x}: %{y:.3f}<extra>" + g.group + "</extra>",
    };
  });
  const shapes = limit
    ? [
        {
          type: "line",
          xref: "paper",
          x0: 0,
          x1: 1,
          y0: limit.value,
          y1: limit.value,
          line: { color: "#a4161a", dash: "dash", width: 2 },
        },
      ]
    : [];
  const annotations = limit
    ? [
        {
          xref: "paper",
          x: 1,
          y: limit.value,
          xanchor: "right",
          yanchor: "bottom",
          text: limit.label,
          showarrow: false,
          font: { color: "#a4161a" },
        },
      ]
    : [];
  return {
    data,
    layout: {
      ...baseLayout(`Rates by ${report.by}`),
      barmode: "group",
      yaxis: { title: { text: "rate" }, range: [0, 1], gridcolor: "#e5e5e5" },
      shapes,
      annotations,
      height: 400,
      legend: { orientation: "h", y: -0.18 },
    },
  };
}

/** Each disparity as a point with its confidence interval as whiskers, per sensitive column. */
export function disparityFigure(
  rows: { by: string; name: string; value: number; low?: number; high?: number; limit?: number }[],
): Figure {
  const columns = [...new Set(rows.map((r) => r.by))];
  const data: Record<string, unknown>[] = columns.map((by, i) => {
    const style = styleFor(i);
    const mine = rows.filter((r) => r.by === by);
    return {
      type: "scatter",
      mode: "markers",
      name: `by ${by}`,
      y: mine.map((r) => r.name),
      x: mine.map((r) => (Number.isFinite(r.value) ? round(r.value) : null)),
      error_x: {
        type: "data",
        symmetric: false,
        array: mine.map((r) => (r.high !== undefined && Number.isFinite(r.high) ? round(r.high - r.value) : 0)),
        arrayminus: mine.map((r) => (r.low !== undefined && Number.isFinite(r.low) ? round(r.value - r.low) : 0)),
        color: style.color,
        thickness: 2,
        width: 6,
      },
      marker: { color: style.color, size: 10, symbol: ["circle", "square", "diamond", "triangle-up"][i % 4] },
      hovertemplate: "%{y}: %{x:.3f}<extra>by " + by + "</extra>",
    };
  });
  const limits = rows.filter((r) => r.limit !== undefined);
  return {
    data,
    layout: {
      ...baseLayout("Disparities between groups (95% bootstrap intervals)"),
      xaxis: { title: { text: "value" }, zeroline: true, zerolinecolor: "#888", gridcolor: "#e5e5e5" },
      yaxis: { automargin: true },
      shapes: limits.map((r) => ({
        type: "line",
        yref: "y",
        xref: "x",
        x0: r.limit,
        x1: r.limit,
        y0: r.name,
        y1: r.name,
        line: { color: "#a4161a", width: 3 },
      })),
      height: 120 + 38 * new Set(rows.map((r) => r.name)).size,
      margin: { l: 230, r: 30, t: 50, b: 50 },
    },
  };
}

/**
 * Needs as a chart: each need's measured value per model with its bootstrap
 * interval, and the need's threshold as a red tick. Used for fairness needs
 * (disparities with CI whiskers) and for the scorecard of all needs.
 */
export function needsIntervalFigure(
  evals: {
    model: string;
    verdicts: {
      need: { text: string; threshold: number };
      measured: number;
      interval?: { low: number; high: number };
      status: string;
    }[];
  }[],
  title: string,
  include: (needText: string) => boolean = () => true,
  styleIndex: (model: string) => number = (m) => evals.findIndex((e) => e.model === m),
): Figure {
  const needs = [...new Set(evals.flatMap((e) => e.verdicts.map((v) => v.need.text)))].filter(include);
  const data: Record<string, unknown>[] = evals.map((e) => {
    const style = styleFor(styleIndex(e.model));
    const vs = needs.map((n) => e.verdicts.find((v) => v.need.text === n)!);
    const ok = (x: number | undefined) => x !== undefined && Number.isFinite(x);
    return {
      type: "scatter",
      mode: "markers",
      name: e.model,
      y: needs,
      x: vs.map((v) => (Number.isFinite(v.measured) ? round(v.measured) : null)),
      text: vs.map((v) => v.status),
      error_x: {
        type: "data",
        symmetric: false,
        array: vs.map((v) => (ok(v.interval?.high) ? round(v.interval!.high - v.measured) : 0)),
        arrayminus: vs.map((v) => (ok(v.interval?.low) ? round(v.measured - v.interval!.low) : 0)),
        color: style.color,
        thickness: 2,
        width: 6,
      },
      marker: {
        color: style.color,
        size: 10,
        symbol: ["circle", "square", "diamond", "triangle-up"][styleIndex(e.model) % 4],
      },
      hovertemplate: "%{y}: %{x:.3f} (%{text})<extra>" + e.model + "</extra>",
    };
  });
  const thresholds = needs.map((n) => evals[0].verdicts.find((v) => v.need.text === n)!.need.threshold);
  data.push({
    type: "scatter",
    mode: "markers",
    name: "threshold",
    y: needs,
    x: thresholds,
    marker: { symbol: "line-ns-open", size: 22, color: "#a4161a", line: { width: 3 } },
    hovertemplate: "threshold %{x}<extra></extra>",
  });
  return {
    data,
    layout: {
      ...baseLayout(title),
      xaxis: {
        title: { text: "measured value (95% bootstrap interval)" },
        zeroline: true,
        zerolinecolor: "#888",
        gridcolor: "#e5e5e5",
      },
      yaxis: { automargin: true, autorange: "reversed" },
      height: 140 + 46 * needs.length,
      margin: { l: 60, r: 30, t: 50, b: 60 },
      legend: { orientation: "h", y: -0.25 },
    },
  };
}

/** Precision–recall curves of several models, with the base rate as the no-skill line. */
export function prFigure(
  evals: Evaluation[],
  styleIndex: (model: string) => number = (m) => evals.findIndex((e) => e.model === m),
): Figure {
  const data: Record<string, unknown>[] = evals.map((e) => {
    const style = styleFor(styleIndex(e.model));
    return {
      type: "scatter",
      mode: "lines",
      name: `${e.model} (AP ${round(e.metrics.average_precision, 3)})`,
      x: e.pr.recall.map((v) => round(v)),
      y: e.pr.precision.map((v) => round(v)),
      line: { color: style.color, dash: style.dash, width: 2.5, shape: "hv" },
    };
  });
  const base = evals[0] ? (evals[0].confusion.tp + evals[0].confusion.fn) / Math.max(1, evals[0].rows) : 0;
  data.push({
    type: "scatter",
    mode: "lines",
    name: "no skill",
    x: [0, 1],
    y: [base, base],
    line: { color: "#888888", dash: "dot", width: 1 },
    hoverinfo: "skip",
  });
  return {
    data,
    layout: {
      ...baseLayout(`Precision–recall: detecting "${evals[0]?.positive ?? "positive"}"`),
      xaxis: { title: { text: "recall" }, range: [0, 1] },
      yaxis: { title: { text: "precision" }, range: [0, 1.02] },
      width: 620,
      height: 520,
    },
  };
}

/** Reliability diagram: observed frequency against mean predicted probability, per bin. */
export function calibrationFigure(
  evals: Evaluation[],
  styleIndex: (model: string) => number = (m) => evals.findIndex((e) => e.model === m),
): Figure {
  const data: Record<string, unknown>[] = evals.map((e) => {
    const style = styleFor(styleIndex(e.model));
    return {
      type: "scatter",
      mode: "lines+markers",
      name: `${e.model} (ECE ${round(e.calibration.ece, 3)})`,
      x: e.calibration.meanPredicted.map((v) => round(v)),
      y: e.calibration.fractionPositive.map((v) => round(v)),
      text: e.calibration.counts.map((c) => `${c} rows`),
      line: { color: style.color, dash: style.dash, width: 2 },
      marker: { size: 7 },
    };
  });
  data.push({
    type: "scatter",
    mode: "lines",
    name: "perfectly calibrated",
    x: [0, 1],
    y: [0, 1],
    line: { color: "#888888", dash: "dot", width: 1 },
    hoverinfo: "skip",
  });
  return {
    data,
    layout: {
      ...baseLayout("Calibration (10 equal-width bins)"),
      xaxis: { title: { text: "mean predicted probability" }, range: [0, 1] },
      yaxis: { title: { text: "fraction positive" }, range: [0, 1] },
      width: 620,
      height: 520,
    },
  };
}

/** Precision, recall and selection rate as the decision threshold moves, with the model's own cut-off marked. */
export function thresholdFigure(e: Evaluation): Figure {
  const pos = e.confusion.tp + e.confusion.fn;
  // ROC points hold the counts at each distinct threshold; skip the +Infinity start.
  const t = e.roc.thresholds.slice(1);
  const tp = e.roc.tpr.slice(1).map((r) => r * pos);
  const fp = e.roc.fpr.slice(1).map((r) => r * (e.rows - pos));
  const series = (name: string, y: number[], i: number) => ({
    type: "scatter",
    mode: "lines",
    name,
    x: t.map((v) => round(v)),
    y: y.map((v) => (Number.isFinite(v) ? round(v) : null)),
    line: { color: styleFor(i).color, dash: styleFor(i).dash, width: 2, shape: "hv" },
  });
  return {
    data: [
      series(
        "precision",
        tp.map((v, i) => v / (v + fp[i])),
        0,
      ),
      series(
        "recall",
        tp.map((v) => v / pos),
        1,
      ),
      series(
        "selection rate",
        tp.map((v, i) => (v + fp[i]) / e.rows),
        2,
      ),
    ],
    layout: {
      ...baseLayout(`Threshold sweep: ${e.model}`),
      xaxis: { title: { text: "decision threshold" }, range: [0, 1] },
      yaxis: { title: { text: "rate" }, range: [0, 1.02] },
      shapes: [
        {
          type: "line",
          x0: e.threshold,
          x1: e.threshold,
          yref: "paper",
          y0: 0,
          y1: 1,
          line: { color: "#a4161a", dash: "dash" },
        },
      ],
      annotations: [
        {
          x: e.threshold,
          yref: "paper",
          y: 1,
          text: `cut-off ${e.threshold}`,
          showarrow: false,
          yanchor: "bottom",
          font: { color: "#a4161a" },
        },
      ],
      height: 420,
    },
  };
}

/** Permutation importance as horizontal bars with their spread. */
export function importanceFigure(
  model: string,
  rows: { column: string; importance: number; spread: number }[],
  scoreName = "ROC AUC",
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
      ...baseLayout(`What ${model} relies on: drop in ${scoreName} when a column is shuffled`),
      xaxis: { title: { text: `${scoreName} drop (mean of 5 seeded shuffles, ± spread)` }, zeroline: true },
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

/** Predicted against actual values of a regression, per model, with the line where they agree. */
export function predictedActualFigure(
  evals: { model: string; actual: ArrayLike<number>; predicted: ArrayLike<number>; metrics: { r2: number } }[],
  styleIndex: (model: string) => number = (m) => evals.findIndex((e) => e.model === m),
): Figure {
  const all = evals.flatMap((e) => [...Array.from(e.actual), ...Array.from(e.predicted)]);
  const lo = Math.min(...all),
    hi = Math.max(...all);
  return {
    data: [
      ...evals.map((e) => {
        const style = styleFor(styleIndex(e.model));
        return {
          type: "scatter",
          mode: "markers",
          name: `${e.model} (r2 ${round(e.metrics.r2, 3)})`,
          x: Array.from(e.actual, (v) => round(v)),
          y: Array.from(e.predicted, (v) => round(v)),
          marker: { color: style.color, size: 5, opacity: 0.6 },
        };
      }),
      {
        type: "scatter",
        mode: "lines",
        name: "predicted = actual",
        x: [lo, hi],
        y: [lo, hi],
        line: { color: "#555", dash: "dot", width: 1 },
      },
    ],
    layout: {
      ...baseLayout("Predicted against actual (test split)"),
      xaxis: { title: { text: "actual" } },
      yaxis: { title: { text: "predicted" } },
      width: 620,
      height: 520,
    },
  };
}

/** A classifier's confusion matrix over several classes: rows are the true classes, columns the predicted ones. */
export function multiclassConfusionFigure(e: { model: string; classNames: string[]; confusion: number[][] }): Figure {
  const totals = e.confusion.map((row) => row.reduce((a, b) => a + b, 0));
  return {
    data: [
      {
        type: "heatmap",
        x: e.classNames,
        y: e.classNames,
        z: e.confusion.map((row, i) => row.map((v) => round(totals[i] ? v / totals[i] : 0))),
        text: e.confusion.map((row) => row.map(String)),
        texttemplate: "%{text}",
        colorscale: "Blues",
        zmin: 0,
        zmax: 1,
        hovertemplate: "true %{y}, predicted %{x}: %{text} rows (%{z:.1%} of the class)<extra></extra>",
        colorbar: { title: { text: "share of the true class" } },
      },
    ],
    layout: {
      ...baseLayout(`Confusion matrix: ${e.model}`),
      xaxis: { title: { text: "predicted" } },
      yaxis: { title: { text: "true" }, autorange: "reversed" },
      width: 520,
      height: 480,
    },
  };
}
