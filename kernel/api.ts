/**
 * What TypeScript cells call to show things: `display(value)` with its
 * richest representation, typed shortcuts for HTML, Markdown and raw MIME
 * bundles, live updates by display id, and clearing the cell's output.
 */
import { randomUUID } from "node:crypto";
import { bundleFor, MimeBundle, NOT_A_RESULT } from "./display";
import type { CellSink, Session } from "./session";

function session(): Session {
  const s = (globalThis as Record<string, unknown>).__needlab_session__ as Session | undefined;
  if (!s) throw new Error("display() works inside a needlab kernel or `needlab run`");
  return s;
}

function sink(): CellSink {
  const out = session().currentSink();
  if (!out) throw new Error("display() was called outside a running cell");
  return out;
}

/** A shown output that can be replaced in place, e.g. a progress bar. */
export interface DisplayHandle {
  readonly id: string;
  update(value: unknown): void;
}

function show(bundle: MimeBundle, id?: string): DisplayHandle {
  const displayId = id ?? randomUUID();
  sink().display(bundle, { displayId });
  return {
    id: displayId,
    update: (value: unknown) => sink().display(toBundle(value), { displayId, update: true }),
    [NOT_A_RESULT]: true,
  } as DisplayHandle;
}

const toBundle = (value: unknown): MimeBundle => bundleFor(value, session().plots);

/** Shows a value with its richest representation (a Plotly figure becomes a chart, a DataFrame a table). */
export const display = Object.assign(
  (value: unknown, options: { id?: string } = {}): DisplayHandle => show(toBundle(value), options.id),
  {
    html: (html: string): DisplayHandle => show({ "text/html": html, "text/plain": html.replace(/<[^>]*>/g, "") }),
    markdown: (markdown: string): DisplayHandle => show({ "text/markdown": markdown, "text/plain": markdown }),
    /** A raw MIME bundle, e.g. `{ "image/svg+xml": svg, "text/plain": "a chart" }`. */
    bundle: (bundle: MimeBundle): DisplayHandle => show(bundle),
    /** Replaces what an earlier `display(value, { id })` showed, wherever it is (update_display_data). */
    update: (id: string, value: unknown): void => sink().display(toBundle(value), { displayId: id, update: true }),
  },
);

/**
 * Asks the person at the notebook for a line of text (Jupyter's input
 * prompt). Headless runs and frontends without stdin refuse with a message.
 */
export function input(prompt = "", options: { password?: boolean } = {}): Promise<string> {
  const ask = sink().input;
  if (!ask)
    return Promise.reject(
      new Error("input() needs a frontend that answers input requests; this one (or `needlab run`) does not"),
    );
  return ask(prompt, Boolean(options.password));
}

/** Clears the cell's output; with `wait`, only when new output arrives (for flicker-free loops). */
export function clearOutput(wait = false): void {
  sink().clearOutput?.(wait);
}
