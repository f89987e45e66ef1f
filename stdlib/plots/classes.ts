/**
 * Charts about predicted classes: the pairs a classifier confuses most, how
 * each class's predicted share moved on new rows, and an alert's share per
 * period against its limit.
 */
import type { AlertVerdict, ShareDrift } from "../alerts";
import type { ConfusedPair } from "../class-views";
import { type Figure, PALETTE, baseLayout, round } from "./style";

const FAIL = "#D55E00",
  PASS = "#009E73";

/** The most confused pairs as horizontal bars, "true → predicted", most rows at the top. */
export function confusedPairsFigure(model: string, pairs: ConfusedPair[]): Figure {
  const labels = pairs.map((p) => `${p.actual} → ${p.predicted}`);
  return {
    data: [
      {
        type: "bar",
        orientation: "h",
        name: model,
        y: labels,
        x: pairs.map((p) => p.count),
        text: pairs.map((p) => `${(100 * p.shareOfActual).toFixed(1)}% of ${p.actual}`),
        textposition: "outside",
        marker: { color: PALETTE[1] },
        hovertemplate: "%{y}: %{x} rows (%{text})<extra></extra>",
      },
    ],
    layout: {
      ...baseLayout(`Most confused classes: ${model} (true → predicted, test split)`),
      xaxis: { title: { text: "test rows" }, rangemode: "tozero" },
      yaxis: { automargin: true, autorange: "reversed", type: "category" },
      height: 140 + 28 * pairs.length,
      margin: { l: 60, r: 80, t: 50, b: 60 },
    },
  };
}

/** Each class's share of the predictions on the reference rows and on the new rows, side by side. */
export function shareDriftFigure(d: ShareDrift): Figure {
  const classes = d.classes.map((c) => c.class);
  const bar = (name: string, values: number[], color: string, pattern: string) => ({
    type: "bar",
    name,
    x: classes,
    y: values.map((v) => round(v)),
    marker: { color, pattern: { shape: pattern } },
    hovertemplate: `%{x}: %{y:.1%} of the ${name}<extra></extra>`,
  });
  return {
    data: [
      bar(
        `reference rows (${d.referenceRows})`,
        d.classes.map((c) => c.reference),
        PALETTE[0],
        "",
      ),
      bar(
        `new rows (${d.currentRows})`,
        d.classes.map((c) => c.current),
        PALETTE[1],
        "/",
      ),
    ],
    layout: {
      ...baseLayout(
        `Predicted classes of ${d.model}: reference against new rows (PSI ${round(d.psi, 3)}, ${d.status})`,
      ),
      barmode: "group",
      xaxis: { type: "category", automargin: true },
      yaxis: { title: { text: "share of the predictions" }, tickformat: ".0%", rangemode: "tozero" },
      height: 420,
    },
  };
}

/** An alert's share per period as bars (failing periods in vermillion, hatched), with the limit as a dashed line. */
export function alertFigure(v: AlertVerdict): Figure {
  const periods = v.periods.map((p) => p.period);
  const failed = v.periods.map((p) => p.status === "fail");
  return {
    data: [
      {
        type: "bar",
        name: `share of "${v.need.onClass}"`,
        x: periods,
        y: v.periods.map((p) => round(p.share)),
        customdata: v.periods.map((p) => [p.count, p.rows]),
        marker: {
          color: failed.map((f) => (f ? FAIL : PASS)),
          pattern: { shape: failed.map((f) => (f ? "x" : "")) },
        },
        hovertemplate: "%{x}: %{y:.1%} (%{customdata[0]} of %{customdata[1]} rows)<extra></extra>",
      },
      {
        type: "scatter",
        mode: "lines",
        name: `limit ${v.need.comparator} ${round(v.need.threshold)}`,
        x: periods,
        y: periods.map(() => v.need.threshold),
        line: { color: "#333", dash: "dash", width: 2 },
        hoverinfo: "skip",
      },
    ],
    layout: {
      ...baseLayout(
        `${v.model}: ${v.need.text}: ${v.broken.length ? `broken in ${v.broken.length} of ${periods.length} periods` : `held in all ${periods.length} periods`}`,
      ),
      xaxis: { type: "category", title: { text: v.need.period ?? "period" }, automargin: true },
      yaxis: { title: { text: `share predicted "${v.need.onClass}"` }, tickformat: ".0%", rangemode: "tozero" },
      height: 420,
    },
  };
}
