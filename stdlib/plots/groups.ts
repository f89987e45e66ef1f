/**
 * Groups and needs: rates by group, disparities, and needs with their
 * bootstrap intervals and thresholds.
 */
import { type Figure, styleFor, baseLayout, LEGEND_BELOW, round } from "./style";

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
      height: 430,
      margin: { l: 60, r: 20, t: 50, b: 90 },
      legend: LEGEND_BELOW,
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
      height: 170 + 46 * needs.length,
      margin: { l: 60, r: 30, t: 50, b: 100 },
      legend: LEGEND_BELOW,
    },
  };
}
