/**
 * One kernel session: TypeScript cells run through tslab's executor, DSL
 * cells (`%%needs`) through the DSL pipeline and the study, in one shared
 * scope. Used alike by the Jupyter kernel and by `needlab run`.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import util from "node:util";
import { isDslCell, stripMagic } from "../plan/magic";
import { declaredNames } from "../plan/plan";
import { bundleFor, isShownAsResult, MimeBundle, PlotlyEmbedder } from "./display";
import { type OutputSink, Study } from "./study";
import { type CapturedError, describeThrown, forwardNeedlabTypes, PACKAGE_ROOT, terminal } from "./runtime";
import { routeTslabDisplay } from "./tslab-display";

export { PACKAGE_ROOT, terminal } from "./runtime";
import type { Executor } from "tslab/dist/executor";
import { readSourceFile } from "./source-file";
import { MAX_INCLUDES } from "../dsl/limits";

/** A pager payload: what Jupyter shows in its help pane (IPython's `obj?`). */
export interface PagePayload {
  source: "page";
  data: MimeBundle;
  start: number;
}

export type ExecOutcome =
  { status: "ok"; payload?: PagePayload[] } | { status: "error"; ename: string; evalue: string; traceback: string[] };

/** `Math.max?` or `lab.datasets??`: help on a name, as in IPython. */
const HELP_REQUEST = /^\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\?{1,2}\s*$/;

export interface CellSink extends OutputSink {
  /** The value of the cell's last expression (Jupyter's execute_result). */
  result(bundle: MimeBundle): void;
  clearOutput?(wait: boolean): void;
  /** Present when the frontend can answer input requests (allow_stdin). */
  input?(prompt: string, password: boolean): Promise<string>;
}

export class Session {
  readonly plots = new PlotlyEmbedder();
  readonly study: Study;
  private executor?: Executor;
  private sink?: CellSink;
  private errors: CapturedError[] = [];
  private signal = { aborted: false };
  executionCount = 0;

  constructor(readonly cwd: string = process.cwd()) {
    this.study = new Study(cwd, this.plots);
    (globalThis as Record<string, unknown>).__needlab_study__ = this.study;
    (globalThis as Record<string, unknown>).__needlab_session__ = this;
    this.redirectOutput();
  }

  /** Output written while or after a cell runs goes to that cell, as in IPython. */
  private redirectOutput(): void {
    const route =
      (name: "stdout" | "stderr") =>
      (chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean => {
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
        if (this.sink) this.sink.stream(name, text);
        else terminal[name](text);
        const done = typeof encoding === "function" ? encoding : cb;
        if (typeof done === "function") done();
        return true;
      };
    process.stdout.write = route("stdout") as typeof process.stdout.write;
    process.stderr.write = route("stderr") as typeof process.stderr.write;
  }

  /** tslab's executor, created on first use: its TypeScript compiler takes a moment to start. */
  private getExecutor(): Executor {
    if (this.executor) return this.executor;
    forwardNeedlabTypes();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createConverter } = require("tslab/dist/converter");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createExecutor } = require("tslab/dist/executor");
    let node: unknown, browser: unknown;
    const convs = {
      get node() {
        return (node ??= createConverter({ isJS: false, isBrowser: false }));
      },
      get browser() {
        return (browser ??= createConverter({ isJS: false, isBrowser: true }));
      },
      close() {
        (node as { close(): void } | undefined)?.close();
        (browser as { close(): void } | undefined)?.close();
      },
    };
    this.executor = createExecutor(this.cwd, convs, {
      // tslab logs only the last expression's value: that is the cell's result.
      log: (value: unknown) => {
        if (isShownAsResult(value)) this.sink?.result(bundleFor(value, this.plots));
      },
      error: (...args: unknown[]) => this.captureError(args),
    }) as Executor;
    routeTslabDisplay(() => this.sink);
    // Cells `import ... from "needlab"`: hand them this very module instance.
    const tslabGlobal = (globalThis as unknown as { __tslab__: { require: NodeJS.Require } }).__tslab__;
    const inner = tslabGlobal.require;
    tslabGlobal.require = new Proxy(inner, {
      apply: (target, thisArg, args: [string]) =>
        args[0] === "needlab" ? require(PACKAGE_ROOT) : Reflect.apply(target, thisArg, args),
    });
    return this.executor;
  }

  private captureError(args: unknown[]): void {
    if (args.length === 1) this.errors.push(describeThrown(args[0]));
    else {
      // tslab's compile diagnostics: ("%s%d:%d - %s", file, line, col, message)
      const text = util.format(...(args as [string, ...unknown[]]));
      this.errors.push({ ename: "TypeScriptError", evalue: text, traceback: [text] });
    }
  }

  /** Starts the TypeScript compiler now, so the first cell does not wait for it. */
  warmUp(): void {
    this.getExecutor();
  }

  /** What DSL completion can offer: names in the session and this cell, and the columns of their files. */
  private async assistScope(source: string): Promise<import("../dsl/assist").AssistScope> {
    const { parseSource } = await import("../dsl/syntax");
    const { readHeader } = await import("../stdlib/data/load");
    const statements = parseSource(source).program.statements;
    const names = (kind: string) =>
      statements.filter((s) => s.kind === kind).map((s) => (s as { name: { text: string } }).name.text);
    const columns = new Set<string>();
    for (const ds of this.study.datasets.values()) ds.frame.columns.forEach((c) => columns.add(String(c)));
    for (const st of statements) {
      if (st.kind !== "dataset" || !st.source) continue;
      const header = readHeader(st.source.value.value, this.cwd, {
        format: st.format?.value.text as "csv" | "jsonl" | undefined,
        delimiter: st.delimiter?.value.value,
        encoding: st.encoding?.value.value,
      });
      if ("columns" in header) header.columns.forEach((c) => columns.add(c));
    }
    return {
      datasets: [...this.study.datasets.keys(), ...names("dataset")],
      models: [...this.study.models.keys(), ...names("model")],
      needs: [...this.study.needs.keys(), ...names("needs")],
      columns: [...columns],
      params: [...this.study.state.params.keys(), ...names("param")],
    };
  }

  /** Completion at the cursor: TypeScript through tslab, DSL cells through the grammar. */
  async complete(
    code: string,
    cursor: number,
  ): Promise<{
    status: "ok";
    matches: string[];
    cursor_start: number;
    cursor_end: number;
    metadata: Record<string, unknown>;
  }> {
    if (isDslCell(code)) {
      const { complete } = await import("../dsl/assist");
      const source = stripMagic(code);
      const r = complete(source, cursor, await this.assistScope(source));
      return { status: "ok", matches: r.matches, cursor_start: r.start, cursor_end: r.end, metadata: {} };
    }
    const info = this.getExecutor().complete(code, cursor);
    return { status: "ok", matches: info.candidates, cursor_start: info.start, cursor_end: info.end, metadata: {} };
  }

  /** Help for the word at the cursor: the DSL reference, or TypeScript's quick info. */
  async inspectAny(
    code: string,
    cursor: number,
  ): Promise<{ status: "ok"; found: boolean; data: MimeBundle; metadata: Record<string, unknown> }> {
    if (!isDslCell(code)) return this.inspect(code, cursor);
    const { inspect } = await import("../dsl/assist");
    const text = inspect(stripMagic(code), cursor);
    return text
      ? { status: "ok", found: true, data: { "text/plain": text, "text/markdown": text }, metadata: {} }
      : { status: "ok", found: false, data: {}, metadata: {} };
  }

  inspect(
    code: string,
    cursor: number,
  ): { status: "ok"; found: boolean; data: MimeBundle; metadata: Record<string, unknown> } {
    if (isDslCell(code)) return { status: "ok", found: false, data: {}, metadata: {} };
    const info = this.getExecutor().inspect(code, cursor);
    if (!info) return { status: "ok", found: false, data: {}, metadata: {} };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { printQuickInfo } = require("tslab/dist/inspect");
    return { status: "ok", found: true, data: { "text/plain": printQuickInfo(info) }, metadata: {} };
  }

  currentSink(): CellSink | undefined {
    return this.sink;
  }

  interrupt(): void {
    this.signal.aborted = true;
    this.executor?.interrupt();
  }

  async execute(code: string, sink: CellSink): Promise<ExecOutcome> {
    this.sink = sink;
    this.errors = [];
    this.signal = { aborted: false };
    try {
      if (isDslCell(code)) return await this.runDsl(code, sink);
      const help = HELP_REQUEST.exec(code);
      if (help) return this.help(help[1]);
      const strayError = new Promise<never>((_, reject) => (this.stray = reject));
      strayError.catch(() => undefined);
      const ok = await Promise.race([this.getExecutor().execute(code), strayError]);
      if (ok) return { status: "ok" };
      const first = this.errors.length === 1 ? this.errors[0] : this.mergeErrors();
      return { status: "error", ...first };
    } catch (e) {
      return { status: "error", ...describeThrown(e) };
    } finally {
      this.stray = undefined;
    }
  }

  private help(name: string): ExecOutcome {
    const found = this.inspect(name, name.length);
    const text = found.found ? String(found.data["text/plain"]) : `No documentation found for ${name}.`;
    return { status: "ok", payload: [{ source: "page", data: { "text/plain": text }, start: 0 }] };
  }

  /**
   * user_expressions of an execute_request: each evaluated after the cell,
   * as a rich bundle or a structured error, without touching the history.
   */
  async evaluateExpressions(expressions: Record<string, string>): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [name, expression] of Object.entries(expressions)) {
      let bundle: MimeBundle | undefined;
      const saved = this.sink;
      this.errors = [];
      this.sink = { stream: () => undefined, display: () => undefined, result: (b) => (bundle = b) };
      try {
        const ok = await this.getExecutor().execute(expression);
        out[name] = ok
          ? { status: "ok", data: bundle ?? { "text/plain": "undefined" }, metadata: {} }
          : { status: "error", ...this.mergeErrors() };
      } finally {
        this.sink = saved;
      }
    }
    return out;
  }

  /**
   * An error thrown outside the cell's own flow (a rejected promise nobody
   * awaited, an exception in a timer callback) ends the running cell with a
   * structured error; with no cell running it goes to the last cell's stderr.
   */
  reportStrayError(e: unknown): void {
    if (this.stray) {
      this.stray(e);
      return;
    }
    const d = describeThrown(e);
    (this.sink ? (t: string) => this.sink!.stream("stderr", t) : terminal.stderr)(`${d.traceback.join("\n")}\n`);
  }

  private stray?: (e: unknown) => void;

  private mergeErrors(): CapturedError {
    if (this.errors.length === 0) return { ename: "Error", evalue: "the cell failed", traceback: ["the cell failed"] };
    return {
      ename: this.errors[0].ename,
      evalue: this.errors.map((e) => e.evalue).join("\n"),
      traceback: this.errors.flatMap((e) => e.traceback),
    };
  }

  /** Files the running DSL cell has included so far, all levels together (bounded by MAX_INCLUDES). */
  private includeCount = 0;

  private async runDsl(code: string, sink: CellSink): Promise<ExecOutcome> {
    const source = stripMagic(code);
    // The DSL (and Chevrotain) loads with the first DSL cell, not at kernel start.
    const { compile, formatDiagnostics } = await import("../dsl");
    this.includeCount = 0;
    const failedInclude = await this.runIncludes(source, "cell", sink, new Set());
    if (failedInclude) return failedInclude;
    const compiled = compile(source, this.study.checkEnv());
    this.study.state.provenance.dsl.push(createHash("sha256").update(code).digest("hex"));
    if (compiled.diagnostics.length)
      sink.stream(
        "stderr",
        formatDiagnostics(
          compiled.diagnostics.filter((d) => d.severity === "warning"),
          source,
        ) + (compiled.plan ? "\n" : ""),
      );
    if (!compiled.plan) {
      const errors = compiled.diagnostics.filter((d) => d.severity === "error");
      const text = formatDiagnostics(errors, source);
      return {
        status: "error",
        ename: "NeedsError",
        evalue: `${errors.length} problem${errors.length === 1 ? "" : "s"} in this needs cell`,
        traceback: text.split("\n"),
      };
    }
    const plan = compiled.plan;
    try {
      await this.study.run(plan, sink, this.signal);
    } finally {
      // Bind what was declared even when a later step failed (an interrupted training keeps its model).
      const declared = declaredNames(plan);
      const bound = declared.filter((n) => this.study.binding(n) !== undefined);
      if (bound.length) await this.bind(bound);
    }
    return { status: "ok" };
  }

  /**
   * Runs the files a DSL source includes, depth first, before the source
   * itself: each is checked (diagnostics name the file), run and bound.
   * Returns an error outcome if one fails.
   */
  private async runIncludes(
    source: string,
    label: string,
    sink: CellSink,
    seen: Set<string>,
  ): Promise<ExecOutcome | undefined> {
    const { parseSource } = await import("../dsl/syntax");
    const { compile, formatDiagnostics } = await import("../dsl");
    const { error } = await import("../dsl/diagnostics");
    for (const st of parseSource(source).program.statements) {
      if (st.kind !== "include") continue;
      const file = path.resolve(this.cwd, st.path.value);
      const fail = (message: string): ExecOutcome => {
        const text = formatDiagnostics([error(st.path.span, message)], source, label);
        return { status: "error", ename: "NeedsError", evalue: message, traceback: text.split("\n") };
      };
      if (seen.has(file))
        return fail(
          `${st.path.value} includes itself (through ${[...seen].map((f) => path.relative(this.cwd, f)).join(" → ")}): remove one of the includes`,
        );
      if (!fs.existsSync(file))
        return fail(`cannot find ${st.path.value} (looked for ${file}); paths are relative to the notebook's folder`);
      if (++this.includeCount > MAX_INCLUDES)
        return fail(`more than ${MAX_INCLUDES} files are included by this cell: merge some of them`);
      let included: string;
      try {
        // A folder, a named pipe or a device is refused by name, never read (a pipe would never answer).
        included = readSourceFile(file, st.path.value);
      } catch (e) {
        return fail((e as Error).message);
      }
      const nested = await this.runIncludes(included, st.path.value, sink, new Set([...seen, file]));
      if (nested) return nested;
      const compiled = compile(included, this.study.checkEnv());
      if (!compiled.plan) {
        const errors = compiled.diagnostics.filter((d) => d.severity === "error");
        return {
          status: "error",
          ename: "NeedsError",
          evalue: `${errors.length} problem${errors.length === 1 ? "" : "s"} in ${st.path.value}`,
          traceback: formatDiagnostics(errors, included, st.path.value).split("\n"),
        };
      }
      await this.study.run(compiled.plan, sink, this.signal);
      const names = declaredNames(compiled.plan);
      if (names.length) await this.bind(names);
    }
    return undefined;
  }

  /** Declares each DSL name as a typed variable for later TypeScript cells. */
  private async bind(names: string[]): Promise<void> {
    const line = (n: string, typed: boolean) =>
      `const ${n} = (globalThis as any).__needlab_study__.binding(${JSON.stringify(n)})${typed ? ` as ${this.study.bindingType(n)}` : ""};`;
    const lab = (typed: boolean) =>
      `const lab = (globalThis as any).__needlab_study__${typed ? ' as import("needlab").Study' : ""};`;
    const executor = this.getExecutor();
    const saved = this.sink;
    this.sink = undefined;
    try {
      if (await executor.execute([lab(true), ...names.map((n) => line(n, true))].join("\n"))) return;
      // Types could not be resolved (an unusual install): bind untyped rather than not at all.
      this.errors = [];
      await executor.execute([lab(false), ...names.map((n) => line(n, false))].join("\n"));
    } finally {
      this.sink = saved;
    }
  }

  /** Ends the session: frees every model's tensors and the TypeScript executor, and gives the terminal back. */
  close(): void {
    this.study.dispose();
    this.executor?.close();
    // The process writes to its terminal again, as before the session began.
    process.stdout.write = terminal.stdout as typeof process.stdout.write;
    process.stderr.write = terminal.stderr as typeof process.stderr.write;
  }
}
