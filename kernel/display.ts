/**
 * Display bundles: what a cell shows, as Jupyter MIME bundles. A chart is ONE
 * bundle with the Plotly JSON (JupyterLab's renderer uses it), an HTML
 * fallback that draws offline, and plain text. plotly.js is inlined once per
 * session: the first chart's HTML carries it, later charts reuse window.Plotly.
 */
import { randomUUID } from "node:crypto";
import util from "node:util";
import type { Figure } from "../stdlib/plots";
import { plotElement, plotlyLoaderScript, drawScript, PLOTLY_MIME } from "../stdlib/figure-html";

export {
  drawScript,
  plotElement,
  plotlyJs,
  plotlyLoaderScript,
  plotlyVersion,
  PLOTLY_MIME,
  scriptJson,
} from "../stdlib/figure-html";
import type { View } from "../stdlib/views";

export { NEEDLAB_COMPARISON_MIME, NEEDLAB_DRIFT_MIME, NEEDLAB_EVALUATION_MIME } from "../stdlib/mime";

export type MimeBundle = Record<string, unknown>;

/** Tracks, per session, whether plotly.js has already been sent. */
export class PlotlyEmbedder {
  private loaded = false;

  bundle(fig: Figure, text: string): MimeBundle {
    const id = `needlab-plot-${randomUUID()}`;
    const loader = this.loaded ? "" : plotlyLoaderScript();
    this.loaded = true;
    return {
      [PLOTLY_MIME]: fig,
      "text/html": `${loader}${plotElement(id, fig)}${drawScript(id, fig)}`,
      "text/plain": text,
    };
  }
}

export function viewBundle(view: View, extra: MimeBundle = {}): MimeBundle {
  return { "text/html": view.html, "text/plain": view.text, ...extra };
}

/** Values that are never shown as a cell's result (a display handle, like IPython's display() returning None). */
export const NOT_A_RESULT = Symbol.for("needlab.notAResult");

export const isShownAsResult = (value: unknown): boolean =>
  !(typeof value === "object" && value !== null && NOT_A_RESULT in value);

/** Objects can offer their own bundle, as IPython's _repr_mimebundle_ does. */
export const BUNDLE = Symbol.for("needlab.bundle");

export interface HasBundle {
  [BUNDLE](): MimeBundle;
}

const isFigure = (v: unknown): v is Figure =>
  typeof v === "object" && v !== null && Array.isArray((v as Figure).data) && typeof (v as Figure).layout === "object";

const PNG = [0x89, 0x50, 0x4e, 0x47];
const JPEG = [0xff, 0xd8, 0xff];
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((v, i) => b[i] === v);
const isImage = (b: Uint8Array) => startsWith(b, PNG) || startsWith(b, JPEG);
const imageType = (b: Uint8Array) => (startsWith(b, PNG) ? "image/png" : "image/jpeg");

interface FrameLike {
  columns: unknown[];
  shape: number[];
  values: unknown[][];
}

const isFrame = (v: unknown): v is FrameLike =>
  typeof v === "object" &&
  v !== null &&
  Array.isArray((v as FrameLike).columns) &&
  Array.isArray((v as FrameLike).shape) &&
  (v as FrameLike).shape.length === 2 &&
  Array.isArray((v as FrameLike).values);

/** A danfojs DataFrame as an HTML table (first and last rows when long) and aligned text. */
export function frameBundle(frame: FrameLike, maxRows = 20): MimeBundle {
  const [rows, cols] = frame.shape;
  const headers = frame.columns.map(String);
  const index = (frame as unknown as { index?: unknown[] }).index ?? frame.values.map((_, i) => i);
  const shownRows =
    rows <= maxRows
      ? frame.values.map((r, i) => [i, r] as const)
      : [
          ...frame.values.slice(0, maxRows / 2).map((r, i) => [i, r] as const),
          ...frame.values.slice(rows - maxRows / 2).map((r, i) => [rows - maxRows / 2 + i, r] as const),
        ];
  const cell = (v: unknown) =>
    v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) ? "NaN" : String(v);
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const td = 'style="padding:3px 8px;border-bottom:1px solid #eee;text-align:right"';
  const body = shownRows
    .map(([i, r], k) => {
      const gap =
        rows > maxRows && k === maxRows / 2
          ? `<tr><td ${td} colspan="${cols + 1}" style="text-align:center">…</td></tr>`
          : "";
      return `${gap}<tr><th ${td}>${esc(cell(index[i]))}</th>${r.map((v) => `<td ${td}>${esc(cell(v))}</td>`).join("")}</tr>`;
    })
    .join("");
  const html = `<table style="border-collapse:collapse;font-size:12px;font-family:Inter,Segoe UI,Helvetica,Arial,sans-serif"><thead><tr><th></th>${headers.map((h) => `<th style="padding:3px 8px;border-bottom:2px solid #333;text-align:right">${esc(h)}</th>`).join("")}</tr></thead><tbody>${body}</tbody></table><div style="color:#666;font-size:12px">${rows} rows × ${cols} columns</div>`;
  const widths = headers.map((h, c) => Math.max(h.length, ...shownRows.map(([, r]) => cell(r[c]).length)));
  const line = (cells: string[]) => cells.map((s, c) => s.padStart(widths[c])).join("  ");
  const text = [line(headers), ...shownRows.map(([, r]) => line(r.map(cell))), `[${rows} rows × ${cols} columns]`].join(
    "\n",
  );
  return { "text/html": html, "text/plain": text };
}

/** The richest bundle for a value: its own bundle, a Plotly figure, a DataFrame table, or text. */
export function bundleFor(value: unknown, plots: PlotlyEmbedder): MimeBundle {
  if (typeof value === "object" && value !== null && typeof (value as HasBundle)[BUNDLE] === "function")
    return (value as HasBundle)[BUNDLE]();
  if (isFigure(value)) return plots.bundle(value, `Plotly figure with ${value.data.length} trace(s)`);
  if (isFrame(value)) return frameBundle(value);
  if (value instanceof Uint8Array && isImage(value))
    return {
      [imageType(value)]: Buffer.from(value).toString("base64"),
      "text/plain": `<${imageType(value)}, ${value.length} bytes>`,
    };
  const text =
    typeof value === "string"
      ? util.inspect(value)
      : util.inspect(value, { depth: 3, colors: false, maxArrayLength: 50 });
  return { "text/plain": text };
}
