/**
 * Plotly figure builders. They return plain figure objects ({data, layout});
 * the kernel turns them into display bundles. Each model keeps one colour and
 * one line dash across every chart, so charts still read when printed in
 * black and white.
 */
export { type Figure, PALETTE, styleFor } from "./style";
export * from "./curves";
export * from "./matrices";
export * from "./groups";
export * from "./columns";
export * from "./cutoffs";
export * from "./classes";
