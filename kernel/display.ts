/**
 * Display bundles: what a cell shows, as Jupyter MIME bundles. A chart is ONE
 * bundle with the Plotly JSON (JupyterLab's renderer uses it), an HTML
 * fallback that draws offline, and plain text. plotly.js is inlined once per
 * session: the first chart's HTML carries it, later charts reuse window.Plotly.
 */
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import util from "node:util";
import type { Figure } from "../stdlib/plots";
import type { View } from "../stdlib/views";

export type MimeBundle = Record<string, unknown>;

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";
export const NEEDLAB_EVALUATION_MIME = "application/vnd.needlab.evaluation+json";

let plotlySource: string | undefined;

/** plotly.js (minified), safe to put inside a <script> element. */
export function plotlyJs(): string {
  plotlySource ??= fs.readFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), "utf8").replace(/<\/script/gi, "<\\/script");
  return plotlySource;
}

export function plotlyVersion(): string {
  return (require("plotly.js-dist-min/package.json") as { version: string }).version;
}

/** JSON that can sit inside a <script> element without closing it. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/** The <script> that draws `fig` into the element with id `id`, waiting for plotly.js if needed. */
export function drawScript(id: string, fig: Figure): string {
  return (
    `<script type="text/javascript">(function(){var fig=${scriptJson(fig)};var el=document.getElementById(${JSON.stringify(id)});` +
    `function draw(){window.Plotly.newPlot(el,fig.data,fig.layout,{displaylogo:false,responsive:true});}` +
    `if(window.Plotly){draw();}else{var tries=0;var timer=setInterval(function(){if(window.Plotly){clearInterval(timer);draw();}` +
    `else if(++tries>200){clearInterval(timer);el.textContent="This chart needs plotly.js, which the notebook's first chart loads: run that cell again.";}},50);}})();</script>`
  );
}

export function plotlyLoaderScript(): string {
  return `<script type="text/javascript">/* plotly.js ${plotlyVersion()}, inlined so that charts draw offline */\n${plotlyJs()}\n</script>`;
}

/** Tracks, per session, whether plotly.js has already been sent. */
export class PlotlyEmbedder {
  private loaded = false;

  bundle(fig: Figure, text: string): MimeBundle {
    const id = `needlab-plot-${randomUUID()}`;
    const loader = this.loaded ? "" : plotlyLoaderScript();
    this.loaded = true;
    const layout = fig.layout as { width?: number; height?: number };
    const size = `width:${layout.width ? `${layout.width}px` : "100%"};height:${layout.height ?? 450}px`;
    return {
      [PLOTLY_MIME]: fig,
      "text/html": `${loader}<div id="${id}" class="needlab-plot" style="${size}"></div>${drawScript(id, fig)}`,
      "text/plain": text,
    };
  }
}

export function viewBundle(view: View, extra: MimeBundle = {}): MimeBundle {
  return { "text/html": view.html, "text/plain": view.text, ...extra };
}

/** Objects can offer their own bundle, as IPython's _repr_mimebundle_ does. */
export const BUNDLE = Symbol.for("needlab.bundle");

export interface HasBundle {
  [BUNDLE](): MimeBundle;
}

const isFigure = (v: unknown): v is Figure =>
  typeof v === "object" && v !== null && Array.isArray((v as Figure).data) && typeof (v as Figure).layout === "object";

/** The richest bundle for a value: its own bundle, a Plotly figure, or text. */
export function bundleFor(value: unknown, plots: PlotlyEmbedder): MimeBundle {
  if (typeof value === "object" && value !== null && typeof (value as HasBundle)[BUNDLE] === "function") return (value as HasBundle)[BUNDLE]();
  if (isFigure(value)) return plots.bundle(value, `Plotly figure with ${value.data.length} trace(s)`);
  const text = typeof value === "string" ? util.inspect(value) : util.inspect(value, { depth: 3, colors: false, maxArrayLength: 50 });
  return { "text/plain": text };
}
