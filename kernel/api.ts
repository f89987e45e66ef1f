/**
 * Functions TypeScript cells call to show things in the current cell.
 */
import { bundleFor, MimeBundle } from "./display";
import type { Session } from "./session";

function session(): Session {
  const s = (globalThis as Record<string, unknown>).__needlab_session__ as Session | undefined;
  if (!s) throw new Error("display() works inside a needlab kernel or `needlab run`");
  return s;
}

/** Shows a value with its richest representation (a Plotly figure becomes a chart). */
export function display(value: unknown): void {
  const s = session();
  const bundle: MimeBundle = bundleFor(value, s.plots);
  s.currentSink()?.display(bundle);
}
