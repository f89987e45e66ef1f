/**
 * Confusion matrices (two classes or several) and predicted against actual.
 */
import type { Evaluation } from "../evaluate";
import { type Figure, styleFor, baseLayout, round } from "./style";

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

/**
 * A classifier's confusion matrix over several classes: rows are the true
 * classes, columns the predicted ones, in `order` (the most confused classes
 * first, see class-views.ts); only the first `limit` classes of it are drawn,
 * so 77 intents stay readable.
 */
export function multiclassConfusionFigure(
  e: { model: string; classNames: string[]; confusion: number[][] },
  order: number[] = e.classNames.map((_, c) => c),
  limit = 30,
): Figure {
  const shown = order.slice(0, limit);
  const names = shown.map((c) => e.classNames[c]);
  const totals = e.confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const cells = shown.map((t) => shown.map((p) => e.confusion[t][p]));
  const side = Math.max(480, Math.min(1100, 160 + 26 * shown.length));
  return {
    data: [
      {
        type: "heatmap",
        x: names,
        y: names,
        z: cells.map((row, i) => row.map((v) => round(totals[shown[i]] ? v / totals[shown[i]] : 0))),
        text: cells.map((row) => row.map(String)),
        texttemplate: shown.length <= 30 ? "%{text}" : "",
        colorscale: "Blues",
        zmin: 0,
        zmax: 1,
        hovertemplate: "true %{y}, predicted %{x}: %{text} rows (%{z:.1%} of the class)<extra></extra>",
        colorbar: { title: { text: "share of the true class" } },
      },
    ],
    layout: {
      ...baseLayout(
        `Confusion matrix: ${e.model}` +
          (shown.length < e.classNames.length
            ? ` (the ${shown.length} most confused of ${e.classNames.length} classes)`
            : ""),
      ),
      xaxis: { title: { text: "predicted" }, type: "category", automargin: true },
      yaxis: { title: { text: "true" }, type: "category", autorange: "reversed", automargin: true },
      width: side + 40,
      height: side,
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
