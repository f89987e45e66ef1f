/**
 * Notebooks (nbformat 4) and running them headlessly through a Session:
 * the same engine as the kernel, no Jupyter server, no Python.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { NeedlabError } from "../stdlib/errors";
import { assertRegularFile, writeFileAtomic } from "../stdlib/fs/atomic";
import type { MimeBundle } from "./display";
import type { CellSink, Session } from "./session";

export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: Output[];
  execution_count?: number | null;
  id?: string;
}

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

export type Output =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "display_data"; data: MimeBundle; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; data: MimeBundle; metadata: Record<string, unknown>; execution_count: number }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

export const cellSource = (cell: NotebookCell): string =>
  Array.isArray(cell.source) ? cell.source.join("") : cell.source;

export function readNotebook(file: string): Notebook {
  let nb: Notebook;
  try {
    assertRegularFile(file);
    nb = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    if (e instanceof NeedlabError) throw e;
    // JSON.parse quotes the text around a mistake: keep only where it is, never the file's content.
    const where = /at position \d+(?: \(line \d+ column \d+\))?/.exec((e as Error).message)?.[0];
    throw new NeedlabError(`cannot read ${file} as a notebook: it is not valid JSON${where ? ` (${where})` : ""}`);
  }
  if (!Array.isArray(nb.cells) || nb.nbformat !== 4)
    throw new NeedlabError(`${file} is not an nbformat 4 notebook (Jupyter's .ipynb format)`);
  return nb;
}

const VALID_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/**
 * The notebook as nbformat 4.5 wants it: every cell with a unique id (kept
 * where it has a valid one). A missing id is made from the cell's place and
 * text, so writing the same notebook twice gives the same ids.
 */
export function withCellIds(nb: Notebook): Notebook {
  const seen = new Set<string>();
  const cells = nb.cells.map((cell, i) => {
    let id = typeof cell.id === "string" && VALID_ID.test(cell.id) && !seen.has(cell.id) ? cell.id : undefined;
    for (let salt = 0; !id || seen.has(id); salt++)
      id = createHash("sha256")
        .update(`${i}\0${salt}\0${cellSource(cell)}`)
        .digest("hex")
        .slice(0, 12);
    seen.add(id);
    return { ...cell, id };
  });
  return { ...nb, nbformat: 4, nbformat_minor: Math.max(5, nb.nbformat_minor ?? 0), cells };
}

/**
 * Written atomically: a kill or a full disk leaves the old notebook or the
 * new one, never a torn one. Returns the text written (what a signature covers).
 */
export function writeNotebook(file: string, nb: Notebook): string {
  const text = JSON.stringify(withCellIds(nb), null, 1) + "\n";
  writeFileAtomic(file, text);
  return text;
}

/** Collects a cell's outputs the way Jupyter clients do (streams merged, displays updated by id). */
export class OutputCollector implements CellSink {
  readonly outputs: Output[] = [];
  private readonly byDisplayId = new Map<string, Extract<Output, { output_type: "display_data" }>[]>();

  constructor(private readonly executionCount: number) {}

  stream(name: "stdout" | "stderr", text: string): void {
    this.flushClear();
    const last = this.outputs[this.outputs.length - 1];
    if (last?.output_type === "stream" && last.name === name) last.text += text;
    else this.outputs.push({ output_type: "stream", name, text });
  }

  display(bundle: MimeBundle, options: { displayId?: string; update?: boolean } = {}): void {
    if (options.update && options.displayId) {
      for (const out of this.byDisplayId.get(options.displayId) ?? []) out.data = bundle;
      return;
    }
    this.flushClear();
    const out = { output_type: "display_data" as const, data: bundle, metadata: {} };
    this.outputs.push(out);
    if (options.displayId)
      this.byDisplayId.set(options.displayId, [...(this.byDisplayId.get(options.displayId) ?? []), out]);
  }

  /** As nbclient does: with `wait`, clear when the next output arrives. */
  clearOutput(wait: boolean): void {
    if (wait) this.clearPending = true;
    else this.outputs.length = 0;
  }

  private clearPending = false;

  private flushClear(): void {
    if (this.clearPending) {
      this.outputs.length = 0;
      this.clearPending = false;
    }
  }

  result(bundle: MimeBundle): void {
    this.flushClear();
    this.outputs.push({
      output_type: "execute_result",
      data: bundle,
      metadata: {},
      execution_count: this.executionCount,
    });
  }
}

export interface FailedCell {
  index: number;
  ename: string;
  evalue: string;
  /** What the notebook shows under the error. */
  traceback: string[];
}

export interface CellReport {
  index: number;
  ok: boolean;
  seconds: number;
}

/** Runs every code cell in order; stops at the first failing cell (its error is in its outputs). */
export async function runNotebook(
  nb: Notebook,
  session: Session,
  onCell?: (r: CellReport, total: number) => void,
  /** Wraps each cell's sink (`needlab run` watches progress displays through it). */
  watch: (sink: CellSink) => CellSink = (sink) => sink,
): Promise<{ notebook: Notebook; failed?: FailedCell }> {
  const out: Notebook = structuredClone(nb);
  const code = out.cells.filter((c) => c.cell_type === "code");
  let count = 0;
  for (const cell of out.cells) {
    if (cell.cell_type !== "code") continue;
    cell.outputs = [];
    cell.execution_count = null;
  }
  for (const [i, cell] of code.entries()) {
    const src = cellSource(cell);
    if (src.trim() === "") continue;
    const started = performance.now();
    const collector = new OutputCollector(++count);
    cell.execution_count = count;
    const outcome = await session.execute(src, watch(collector));
    cell.outputs = collector.outputs;
    onCell?.({ index: i, ok: outcome.status === "ok", seconds: (performance.now() - started) / 1000 }, code.length);
    if (outcome.status === "error") {
      cell.outputs.push({
        output_type: "error",
        ename: outcome.ename,
        evalue: outcome.evalue,
        traceback: outcome.traceback,
      });
      const { ename, evalue, traceback } = outcome;
      return { notebook: out, failed: { index: i, ename, evalue, traceback } };
    }
  }
  return { notebook: out };
}
