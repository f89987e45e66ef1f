/**
 * What TypeScript cells call to show things: `display(value)` with its
 * richest representation, one shortcut per MIME type (the same names as
 * tslab's `display`), live updates by display id, and clearing the cell's
 * output.
 */
import { randomUUID } from "node:crypto";
import { bundleFor, MimeBundle, NOT_A_RESULT } from "./display";
import { mimeBundle, type MimeContent, type MimeType } from "./mime-bundle";
import type { CellSink, Session } from "./session";

export type { MimeType } from "./mime-bundle";

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
  /** Replaces the output; a string or bytes keep the MIME type it was shown with (HTML stays HTML). */
  update(value: unknown): void;
}

/**
 * The MIME type each display id was shown with by a typed shortcut, so that
 * an update with a plain string keeps it. Bounded: old ids are forgotten.
 */
const shownAs = new Map<string, MimeType>();
const REMEMBERED_IDS = 1000;

function remember(id: string, type: MimeType | undefined): void {
  if (!type) return;
  shownAs.delete(id);
  shownAs.set(id, type);
  if (shownAs.size > REMEMBERED_IDS) shownAs.delete(shownAs.keys().next().value as string);
}

const toBundle = (value: unknown): MimeBundle => bundleFor(value, session().plots);

/** A string or bytes sent to a display shown as `type` keep that type; anything else gets its richest bundle. */
function bundleForUpdate(id: string, value: unknown): MimeBundle {
  const type = shownAs.get(id);
  return type && (typeof value === "string" || value instanceof Uint8Array) ? mimeBundle(type, value) : toBundle(value);
}

function update(id: string, value: unknown): void {
  sink().display(bundleForUpdate(id, value), { displayId: id, update: true });
}

function show(bundle: MimeBundle, id?: string, type?: MimeType): DisplayHandle {
  const displayId = id ?? randomUUID();
  sink().display(bundle, { displayId });
  remember(displayId, type);
  return { id: displayId, update: (value: unknown) => update(displayId, value), [NOT_A_RESULT]: true } as DisplayHandle;
}

const typed =
  <C extends MimeContent>(type: MimeType) =>
  (content: C, options: { id?: string } = {}): DisplayHandle =>
    show(mimeBundle(type, content), options.id, type);

/**
 * tslab's `Display`: the first call shows, each later call replaces what
 * the first showed (one display entry), in whichever MIME type it is given.
 */
export interface MimeDisplay {
  readonly id: string;
  javascript(s: string): void;
  html(s: string): void;
  markdown(s: string): void;
  latex(s: string): void;
  svg(s: string): void;
  png(b: Uint8Array): void;
  jpeg(b: Uint8Array): void;
  gif(b: Uint8Array): void;
  pdf(b: Uint8Array): void;
  text(s: string): void;
  raw(contentType: string, b: string | Uint8Array): void;
}

/** A display entry that each call replaces, as tslab's `newDisplay()` returns. */
export function newDisplay(): MimeDisplay {
  const id = randomUUID();
  let shown = false;
  const raw = (type: string, content: string | Uint8Array): void => {
    const bundle = mimeBundle(type, content);
    sink().display(bundle, shown ? { displayId: id, update: true } : { displayId: id });
    remember(id, type);
    shown = true;
  };
  return {
    id,
    javascript: (s) => raw("application/javascript", s),
    html: (s) => raw("text/html", s),
    markdown: (s) => raw("text/markdown", s),
    latex: (s) => raw("text/latex", s),
    svg: (s) => raw("image/svg+xml", s),
    png: (b) => raw("image/png", b),
    jpeg: (b) => raw("image/jpeg", b),
    gif: (b) => raw("image/gif", b),
    pdf: (b) => raw("application/pdf", b),
    text: (s) => raw("text/plain", s),
    raw,
    [NOT_A_RESULT]: true,
  } as MimeDisplay;
}

/** Shows a value with its richest representation (a Plotly figure becomes a chart, a DataFrame a table). */
export const display = Object.assign(
  (value: unknown, options: { id?: string } = {}): DisplayHandle => show(toBundle(value), options.id),
  {
    html: typed<string>("text/html"),
    markdown: typed<string>("text/markdown"),
    javascript: typed<string>("application/javascript"),
    latex: typed<string>("text/latex"),
    svg: typed<string>("image/svg+xml"),
    text: typed<string>("text/plain"),
    /** Images and PDFs: bytes, or a base64 string. */
    png: typed<MimeContent>("image/png"),
    jpeg: typed<MimeContent>("image/jpeg"),
    gif: typed<MimeContent>("image/gif"),
    pdf: typed<MimeContent>("application/pdf"),
    /** Any one MIME type, as tslab's `display.raw`: `display.raw("image/svg+xml", svg)`. */
    raw: (type: string, content: MimeContent, options: { id?: string } = {}): DisplayHandle =>
      show(mimeBundle(type, content), options.id, type),
    /** A MIME bundle with several representations, e.g. `{ "image/svg+xml": svg, "text/plain": "a chart" }`. */
    bundle: (bundle: MimeBundle, options: { id?: string } = {}): DisplayHandle => show(bundle, options.id),
    /** Replaces what an earlier display with this id showed, wherever it is (update_display_data). */
    update,
    newDisplay,
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
