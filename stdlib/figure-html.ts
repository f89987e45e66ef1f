/**
 * Charts as HTML that draws offline: plotly.js inlined once, and a small
 * script per chart. Pure text helpers shared by the kernel's display bundles
 * and the HTML reports.
 */
import fs from "node:fs";
import type { Figure } from "./plots";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

let plotlySource: string | undefined;

/** plotly.js (minified), safe to put inside a <script> element. */
export function plotlyJs(): string {
  plotlySource ??= fs
    .readFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), "utf8")
    .replace(/<\/script/gi, "<\\/script");
  return plotlySource;
}

export function plotlyVersion(): string {
  return (require("plotly.js-dist-min/package.json") as { version: string }).version;
}

/** JSON that can sit inside a <script> element without closing it. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/**
 * The chart's element: as wide as its container allows, up to the width the
 * figure asks for (and at most `capPx`), so a narrow output area or a
 * printed page never cuts it.
 */
export function plotElement(id: string, fig: Figure, capPx?: number): string {
  const layout = fig.layout as { width?: number; height?: number };
  const widest = Math.min(layout.width ?? Infinity, capPx ?? Infinity);
  const maxWidth = Number.isFinite(widest) ? `;max-width:${widest}px` : "";
  return `<div id="${id}" class="needlab-plot" style="width:100%${maxWidth};height:${layout.height ?? 450}px"></div>`;
}

/**
 * The <script> that draws `fig` into the element with id `id`, waiting for
 * plotly.js if needed. The figure's width becomes the element's maximum
 * (plotElement) and Plotly sizes the chart to the element, again on resize.
 */
export function drawScript(id: string, fig: Figure): string {
  return (
    `<script type="text/javascript">(function(){var fig=${scriptJson(fig)};var el=document.getElementById(${JSON.stringify(id)});` +
    `var layout=Object.assign({},fig.layout,{autosize:true});delete layout.width;` +
    `function draw(){window.Plotly.newPlot(el,fig.data,layout,{displaylogo:false,responsive:true});}` +
    `if(window.Plotly){draw();}else{var tries=0;var timer=setInterval(function(){if(window.Plotly){clearInterval(timer);draw();}` +
    `else if(++tries>200){clearInterval(timer);el.textContent="This chart needs plotly.js, which the notebook's first chart loads: run that cell again.";}},50);}})();</script>`
  );
}

export function plotlyLoaderScript(): string {
  return `<script type="text/javascript">/* plotly.js ${plotlyVersion()}, inlined so that charts draw offline */\n${plotlyJs()}\n</script>`;
}
