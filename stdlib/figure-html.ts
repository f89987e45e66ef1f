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
