/**
 * What a report shows a reader, as opposed to what the notebook logged: run
 * notes (backend choice and the like) set aside, absolute paths made
 * relative to the notebook, tables repeated by a later cell shown once, and
 * template placeholders (`# <Study title>`) flagged instead of vanishing as
 * unknown HTML tags.
 */
import escapeHtml from "escape-html";

/** needlab's own log lines ("needlab: TensorFlow.js backend wasm ..."): about the machine, not the study. */
const RUN_NOTE = /^needlab: /;

/** Splits a stream's text into what the reader sees and the run notes. */
export function separateRunNotes(text: string): { shown: string; notes: string[] } {
  const lines = text.split("\n");
  const notes = lines.filter((l) => RUN_NOTE.test(l));
  return { shown: lines.filter((l) => !RUN_NOTE.test(l)).join("\n"), notes };
}

/** Every occurrence of the notebook's folder (and anything under it) written relative to the notebook. */
export function relativePaths(text: string, notebookDir: string | undefined): string {
  if (!notebookDir) return text;
  const dir = notebookDir.replace(/[\\/]+$/, "");
  if (!dir) return text;
  const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(new RegExp(`${escaped}(?:[\\\\/]|(?![\\w-]|\\.\\w))`, "g"), (m) => (/[\\/]$/.test(m) ? "" : "."));
}

/** needlab's tables that a later statement repeats word for word (compare shows the verdicts evaluate showed). */
const REPEATABLE_TABLE = /^<table class="needlab-(verdicts|metrics)"/;

/** Remembers the tables already shown, to show each once. */
export class ShownOnce {
  private readonly seen = new Set<string>();

  /** True the first time this HTML is offered, and always for anything but needlab's repeatable tables. */
  first(html: string): boolean {
    if (!REPEATABLE_TABLE.test(html)) return true;
    if (this.seen.has(html)) return false;
    this.seen.add(html);
    return true;
  }
}

/** HTML elements a markdown cell may reasonably contain; `<Anything else>` is a template's placeholder. */
const HTML_ELEMENTS = new Set(
  (
    "a abbr b blockquote br caption center cite code col colgroup dd del details dfn div dl dt em figcaption figure " +
    "font h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strike strong sub summary sup " +
    "table tbody td tfoot th thead tr tt u ul var video audio source picture svg path g rect circle line text " +
    "script style iframe section article header footer nav aside main label input button select option textarea"
  ).split(" "),
);

/** `<Study title>`: angle brackets around words that are not an HTML tag. */
const ANGLE = /<([A-Za-z][^<>]*)>/g;

const isPlaceholder = (inner: string): boolean => {
  const name = /^[A-Za-z][\w-]*/.exec(inner)![0];
  return !HTML_ELEMENTS.has(name.toLowerCase()) && !/[=/"']/.test(inner);
};

/** The placeholders left in a markdown source, in order. */
export function placeholdersIn(markdown: string): string[] {
  return [...markdown.matchAll(ANGLE)].filter((m) => isPlaceholder(m[1])).map((m) => m[0]);
}

/** The markdown with each placeholder shown as visible, highlighted text rather than swallowed as a tag. */
export function markPlaceholders(markdown: string): string {
  return markdown.replace(ANGLE, (whole, inner: string) =>
    isPlaceholder(inner)
      ? `<mark class="placeholder" title="a template placeholder: replace it in the notebook">${escapeHtml(whole)}</mark>`
      : whole,
  );
}

/** The banner that lists the placeholders still in the notebook, or nothing. */
export function placeholderBanner(placeholders: string[]): string {
  if (placeholders.length === 0) return "";
  const list = [...new Set(placeholders)].map((p) => `<code>${escapeHtml(p)}</code>`).join(", ");
  const n = placeholders.length;
  return `<div class="placeholders" role="alert">This report still has ${n} template placeholder${n === 1 ? "" : "s"} (${list}): replace ${n === 1 ? "it" : "them"} in the notebook and run it again.</div>`;
}

/** The collapsed block of run notes at the end of the report, or nothing. */
export function runNotesBlock(notes: string[]): string {
  if (notes.length === 0) return "";
  const unique = [...new Set(notes)];
  return `<details class="run-notes"><summary>Notes on this run (${unique.length})</summary><pre>${escapeHtml(unique.join("\n"))}</pre></details>`;
}
