/**
 * How a chosen cut-off came about: the objective across every candidate
 * cut-off (left axis) and each constraint's value with its limit (right axis,
 * dotted), the chosen cut-off marked. The data is chooseCutoff's sweep, so
 * the chart shows the validation rows the choice read, never the test rows.
 */
import type { CutoffChoice } from "../cutoff";
import { type Figure, styleFor, baseLayout, round } from "./style";

export function cutoffFigure(model: string, choice: CutoffChoice, objectiveName: string): Figure {
  // The first candidate (no row positive) lies just above the highest score: drawn at 1 when scores are probabilities.
  const x = choice.sweep.cutoffs.map((c, i) => round(i === 0 ? Math.max(c, 1) : c));
  const line = (i: number, dash?: string) => ({
    color: styleFor(i).color,
    dash: dash ?? styleFor(i).dash,
    width: 2,
    shape: "hv",
  });
  const constraintTraces = choice.sweep.constraints.flatMap((s, i) => [
    {
      type: "scatter",
      mode: "lines",
      name: `${s.constraint.metric} (need ${s.constraint.comparator} ${s.constraint.threshold})`,
      x,
      y: s.values.map((v) => round(v)),
      yaxis: "y2",
      line: line(i + 1),
    },
    {
      type: "scatter",
      mode: "lines",
      name: `limit ${s.constraint.metric}`,
      x: [0, 1],
      y: [s.constraint.threshold, s.constraint.threshold],
      yaxis: "y2",
      showlegend: false,
      line: { color: styleFor(i + 1).color, dash: "dot", width: 1 },
    },
  ]);
  const at = choice.cutoff === undefined ? -1 : choice.sweep.cutoffs.indexOf(choice.cutoff);
  const marked = at < 0 ? [] : [x[at]!];
  return {
    data: [
      {
        type: "scatter",
        mode: "lines",
        name: objectiveName,
        x,
        y: choice.sweep.objective.map((v) => round(v)),
        line: line(0),
      },
      ...constraintTraces,
    ],
    layout: {
      ...baseLayout(`Chosen cut-off: ${model}`),
      margin: { l: 60, r: 60, t: 50, b: 50 },
      xaxis: { title: { text: `cut-off (${choice.rows} validation rows)` }, range: [0, 1] },
      yaxis: { title: { text: objectiveName } },
      yaxis2: { title: { text: "need" }, overlaying: "y", side: "right", range: [0, 1.02] },
      shapes: marked.map((c) => ({
        type: "line",
        x0: c,
        x1: c,
        yref: "paper",
        y0: 0,
        y1: 1,
        line: { color: "#a4161a", dash: "dash" },
      })),
      annotations: [
        {
          x: marked[0] ?? 0.5,
          yref: "paper",
          y: 1,
          text:
            choice.cutoff === undefined
              ? "no cut-off meets every need"
              : at === 0
                ? "chosen: above every score (no row positive)"
                : `chosen ${round(choice.cutoff)}`,
          showarrow: false,
          yanchor: "bottom",
          font: { color: "#a4161a" },
        },
      ],
      height: 420,
    },
  };
}
