/**
 * What `needlab run` tells the terminal while a notebook runs: a line per
 * cell, live progress of long cells (the displays a cell updates in place,
 * such as training's epoch line), the failing cell's error as the notebook
 * shows it, and a last line counting the verdicts. On a terminal the live
 * progress is one line rewritten in place; in a log (a pipe, a file, CI) it
 * is a line per step, and no terminal escape codes are written at all.
 */
import type { MimeBundle } from "./display";
import type { CellSink } from "./session";

export interface Terminal {
  write(text: string): void;
  /** A terminal (rewrite the progress line in place) rather than a pipe or a file. */
  isTTY: boolean;
  /** Width of the terminal, to keep the progress line on one row. */
  columns?: number;
}

/** Colour and cursor codes, which only a terminal understands. */
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
export const stripAnsi = (text: string): string => text.replace(ANSI, "");

/** The one line a display shows as progress: its plain text when that is a single short line. */
export function progressLine(bundle: MimeBundle): string | undefined {
  const text = bundle["text/plain"];
  if (typeof text !== "string") return undefined;
  const line = stripAnsi(text).trim();
  return line && !line.includes("\n") && line.length <= 300 ? line : undefined;
}

export class RunProgress {
  /** A progress line is on the terminal without its newline (TTY only). */
  private open = false;
  private lastLine?: string;

  constructor(private readonly out: Terminal) {}

  /** Wraps a cell's sink: everything still reaches the notebook; updatable displays also reach the terminal. */
  watch(sink: CellSink): CellSink {
    return {
      stream: (name, text) => sink.stream(name, text),
      result: (bundle) => sink.result(bundle),
      clearOutput: (wait) => sink.clearOutput?.(wait),
      display: (bundle, options = {}) => {
        sink.display(bundle, options);
        const line = options.displayId ? progressLine(bundle) : undefined;
        if (line) this.progress(line);
      },
    };
  }

  private progress(line: string): void {
    if (line === this.lastLine) return;
    this.lastLine = line;
    if (!this.out.isTTY) {
      this.out.write(`    ${line}\n`);
      return;
    }
    // A pseudo-terminal without a size says 0 columns: take the usual 80 then.
    const width = Math.max(20, (this.out.columns || 80) - 1);
    const shown = `    ${line}`;
    this.out.write(`\r\u001b[2K${shown.length > width ? shown.slice(0, width - 1) + "…" : shown}`);
    this.open = true;
  }

  /** A line of its own (a cell's end, the summary): ends a progress line left open first. */
  say(text: string): void {
    if (this.open) this.out.write("\n");
    this.open = false;
    this.lastLine = undefined;
    this.out.write(`${text}\n`);
  }
}

/**
 * What the terminal shows of a failing cell: the name and message, then the
 * traceback the notebook shows (for a DSL cell: each problem's place, the
 * line and a caret, and the fix), indented, without escape codes off a terminal.
 */
export function failureText(
  failed: { index: number; ename: string; evalue: string; traceback: string[] },
  isTTY: boolean,
): string {
  const head = `cell ${failed.index + 1} failed: ${failed.ename}: ${failed.evalue}`;
  // A traceback that only repeats the head line adds nothing.
  const body = failed.traceback.join("\n").trim() === `${failed.ename}: ${failed.evalue}` ? [] : failed.traceback;
  const text = [head, ...body.map((l) => `  ${l}`)].join("\n");
  return isTTY ? text : stripAnsi(text);
}

/** "verdicts: 7 pass, 1 fail, 2 undecided": each model's latest evaluation, counted by status. */
export function verdictSummary(evaluations: Iterable<{ verdicts: readonly { status: string }[] }>): string | undefined {
  const counts = new Map<string, number>();
  for (const e of evaluations) for (const v of e.verdicts) counts.set(v.status, (counts.get(v.status) ?? 0) + 1);
  if (counts.size === 0) return undefined;
  const order = ["pass", "fail", "undecided", "undefined"];
  const parts = order.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  return `verdicts: ${parts.join(", ")}`;
}
