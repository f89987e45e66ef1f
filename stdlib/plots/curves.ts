/**
 * Curves of a classifier's scores (ROC, precision-recall, calibration,
 * threshold sweep) and training loss, one line per model.
 */
import type { EpochLog } from "../train-types";
import type { Evaluation } from "../evaluate";
import { type Figure, styleFor, baseLayout, round } from "./style";

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
