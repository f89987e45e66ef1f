/**
 * Shared figure styling: the Figure shape, one colour and dash per model
 * (charts still read in black and white), the base layout.
 */

export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

export const DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"];

export const styleFor = (index: number) => ({
  color: PALETTE[index % PALETTE.length],
  dash: DASHES[index % DASHES.length],
});

/**
 * Charts fill their container (a notebook's output area, a report's column,
 * a printed page) up to the width a figure asks for; see drawScript.
 */
export const baseLayout = (title: string): Record<string, unknown> => ({
  title: { text: title },
  autosize: true,
  font: { family: "Inter, Segoe UI, Helvetica, Arial, sans-serif", size: 13 },
  paper_bgcolor: "white",
  plot_bgcolor: "white",
  margin: { l: 60, r: 20, t: 50, b: 50 },
});

/**
 * A horizontal legend at the very bottom of the figure (measured from the
 * figure's edge, not the plot's), so it stays clear of the x-axis title
 * whatever the chart's height; the figure's bottom margin leaves it room.
 */
export const LEGEND_BELOW = { orientation: "h", yref: "container", y: 0, yanchor: "bottom", x: 0, xanchor: "left" };

export const round = (v: number, d = 4) => (Number.isFinite(v) ? +v.toFixed(d) : null);
