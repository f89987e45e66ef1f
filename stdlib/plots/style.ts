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

export const baseLayout = (title: string): Record<string, unknown> => ({
  title: { text: title },
  font: { family: "Inter, Segoe UI, Helvetica, Arial, sans-serif", size: 13 },
  paper_bgcolor: "white",
  plot_bgcolor: "white",
  margin: { l: 60, r: 20, t: 50, b: 50 },
});

export const round = (v: number, d = 4) => (Number.isFinite(v) ? +v.toFixed(d) : null);
