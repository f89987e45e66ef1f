/**
 * The `needlab` command: install the kernelspec, serve a kernel, run a
 * notebook headlessly to an executed notebook and an HTML report, and make
 * the synthetic data the case studies use.
 */
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { installKernelspec } from "./kernelspec";
import { readNotebook, runNotebook, writeNotebook } from "./notebook";
import { Session, terminal, PACKAGE_ROOT } from "./session";
import { renderReport } from "./report";
import { writeCreditApplicants, type WrittenFile } from "../stdlib/synth/credit";
import { writePatients } from "../stdlib/synth/patients";
import { HEADLINE_PERIODS, writeHeadlines } from "../stdlib/synth/headlines";
import { writeIntentMessages } from "../stdlib/synth/intents";
import { assertRegularFile, writeFileAtomic } from "../stdlib/fs/atomic";
import { endWithSuggestion } from "../plan/suggest";
import type { NamedSource } from "./includes";
import { RunTargets, runTargets } from "./run-targets";
import { stampProvenance } from "./provenance";
import { signExecuted } from "./trust";
import { failureText, RunProgress, verdictSummary } from "./run-progress";
import { collectPair, injectParameters, joinParameterPairs, readParameters } from "./parameters";
import "./parent-watch"; // notes the parent process now, before a kernel's slow start

const version = (): string =>
  (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;

const say = (text: string) => terminal.stdout(text + "\n");
const complain = (text: string) => terminal.stderr(`needlab: ${text}\n`);

interface RunOptions {
  out?: string;
  html?: string;
  inPlace?: boolean;
  trust?: boolean;
  parameters?: string[];
  parametersFile?: string;
}

async function runCommand(notebookPath: string, opts: RunOptions): Promise<number> {
  let targets: RunTargets;
  let nb;
  try {
    targets = runTargets(notebookPath, opts);
    nb = readNotebook(targets.input);
    const params = readParameters(opts.parameters ?? [], opts.parametersFile);
    if (Object.keys(params).length) {
      const injected = injectParameters(nb, params);
      nb = injected.notebook;
      for (const w of injected.warnings) complain(`warning: ${w}`);
    }
  } catch (e) {
    complain((e as Error).message);
    return 2;
  }
  const { input, out, html } = targets;
  // Like Jupyter, run in the notebook's folder so its relative paths work.
  process.chdir(path.dirname(input));
  const session = new Session(process.cwd());
  // A stray error in user code ends its cell, as in the kernel, instead of killing the run.
  process.on("uncaughtException", (e) => session.reportStrayError(e));
  process.on("unhandledRejection", (e) => session.reportStrayError(e));
  const started = performance.now();
  const progress = new RunProgress({
    write: (text) => terminal.stdout(text),
    isTTY: Boolean(process.stdout.isTTY),
    columns: process.stdout.columns,
  });
  progress.say(`needlab ${version()}: running ${path.relative(process.cwd(), input) || input}`);
  const { notebook, failed } = await runNotebook(
    nb,
    session,
    (r, total) => progress.say(`  cell ${r.index + 1}/${total} ${r.ok ? "ok" : "FAILED"} (${r.seconds.toFixed(1)} s)`),
    (sink) => progress.watch(sink),
  );
  const executed = stampProvenance(notebook, session.study.state, process.cwd());
  const written = writeNotebook(out, executed);
  say(`executed notebook: ${out}`);
  if (opts.trust !== false) {
    const signed = await signExecuted(written);
    if (signed.ok) say(`trusted for Jupyter: signature in ${path.join(signed.dataDir, "nbsignatures.db")}`);
    else complain(`could not sign ${out} for Jupyter (${signed.why}); run \`jupyter trust ${out}\` to trust it`);
  }
  if (html) {
    writeFileAtomic(html, renderReport(executed, { generator: `needlab ${version()}`, notebookDir: process.cwd() }));
    say(`report: ${html}`);
  }
  if (session.study.backend) say(`backend: ${session.study.backend.name} (${session.study.backend.label})`);
  const verdicts = verdictSummary(session.study.evaluations.values());
  if (verdicts) say(verdicts);
  say(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  session.close();
  if (failed) {
    complain(failureText(failed, Boolean(process.stderr.isTTY)));
    return 1;
  }
  return 0;
}

/** `needlab check`: diagnostics as `file:line:col: severity: message`, the line and a caret. */
async function checkCommand(files: string[]): Promise<number> {
  const { checkSequence, formatDiagnostics, isDslCell, stripMagic } = await import("../dsl");
  const { readHeader } = await import("../stdlib/data/load");
  // With the DSL (Chevrotain): loaded by the commands that parse, not at every CLI or kernel start.
  const { expandIncludes, readSourceFile } = await import("./includes");
  const { dataWarnings } = await import("../stdlib/data/warn");
  const { lowerDataset } = await import("../dsl/lower");
  let errors = 0;
  for (const file of files) {
    if (!fs.existsSync(file)) {
      complain(`no file at ${file}`);
      errors++;
      continue;
    }
    const dir = path.dirname(path.resolve(file));
    let sources: NamedSource[];
    try {
      if (file.endsWith(".ipynb")) {
        const nb = readNotebook(file);
        sources = nb.cells
          .map((c, i) => ({
            name: `${file}#cell${i + 1}`,
            text: Array.isArray(c.source) ? c.source.join("") : c.source,
            code: c.cell_type === "code",
          }))
          .filter((c) => c.code && isDslCell(c.text))
          .map((c) => ({ name: c.name, text: stripMagic(c.text) }));
      } else {
        sources = [{ name: file, text: readSourceFile(file), file: path.resolve(file) }];
      }
    } catch (e) {
      complain((e as Error).message);
      errors++;
      continue;
    }
    // Included files are checked first, in the order a run would execute them; cycles are refused.
    const expanded = expandIncludes(sources, dir);
    const results = checkSequence(
      expanded.map((s) => s.text),
      (source, options) => readHeader(source, dir, options),
      (ds) => dataWarnings(lowerDataset(ds), dir),
    ).map((diags, i) => [...expanded[i].includeProblems, ...diags]);
    results.forEach((diags, i) => {
      if (diags.length) say(formatDiagnostics(diags, expanded[i].text, expanded[i].name));
      errors += diags.filter((d) => d.severity === "error").length;
    });
    if (results.every((d) => d.length === 0)) say(`${file}: ok`);
  }
  return errors > 0 ? 1 : 0;
}

/**
 * `needlab fmt`: prints a .needs file in canonical layout (comments kept).
 * `--write` rewrites it (for a notebook: its %%needs cells); `--check` only
 * says which files are not formatted and exits 1, as CI wants.
 */
async function fmtCommand(file: string, opts: { write?: boolean; check?: boolean }): Promise<number> {
  const { formatOrExplain } = await import("../dsl/format");
  const { isDslCell, stripMagic, CELL_MAGIC } = await import("../dsl");
  if (!fs.existsSync(file)) {
    complain(`no file at ${file}`);
    return 2;
  }
  try {
    assertRegularFile(file);
  } catch (e) {
    complain((e as Error).message);
    return 2;
  }
  if (file.endsWith(".ipynb")) {
    if (!opts.write && !opts.check) {
      complain(
        `${file} is a notebook: use --write to format its %%needs cells in place, or --check to see whether they are formatted`,
      );
      return 2;
    }
    const nb = readNotebook(file);
    let changed = 0;
    for (const [i, cell] of nb.cells.entries()) {
      const text = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      if (cell.cell_type !== "code" || !isDslCell(text)) continue;
      const r = formatOrExplain(stripMagic(text), `${file}#cell${i + 1}`);
      if (!r.ok) {
        say(r.message);
        return 1;
      }
      const formatted = `${CELL_MAGIC}\n${r.text.replace(/\n$/, "")}`;
      if (formatted === text) continue;
      changed++;
      cell.source = formatted;
    }
    if (opts.check) {
      say(changed ? `${file}: ${changed} %%needs cell(s) would be reformatted` : `${file}: formatted`);
      return changed ? 1 : 0;
    }
    if (changed) writeNotebook(file, nb);
    say(`${file}: ${changed} %%needs cell(s) reformatted`);
    return 0;
  }
  const source = fs.readFileSync(file, "utf8");
  const r = formatOrExplain(source, file);
  if (!r.ok) {
    say(r.message);
    return 1;
  }
  if (opts.check) {
    say(r.text === source ? `${file}: formatted` : `${file}: would be reformatted`);
    return r.text === source ? 0 : 1;
  }
  if (opts.write) {
    if (r.text !== source) writeFileAtomic(file, r.text);
    say(`${file}: ${r.text === source ? "already formatted" : "reformatted"}`);
  } else process.stdout.write(r.text);
  return 0;
}

async function auditCommand(
  file: string,
  opts: {
    sensitive: string;
    privileged: string[];
    minGroupSize: string;
    minPositives: string;
    bootstrap: string;
    seed: string;
    json?: boolean;
    html?: string;
  },
): Promise<number> {
  const { readPredictions } = await import("../stdlib/data/predictions");
  const { audit, auditJson } = await import("../stdlib/audit");
  const { NeedlabError } = await import("../stdlib/errors");
  try {
    const sensitive = opts.sensitive
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const privileged: Record<string, string> = {};
    for (const p of opts.privileged) {
      const eq = p.indexOf("=");
      const col = p.slice(0, eq).trim();
      if (eq < 1 || !sensitive.includes(col))
        throw new NeedlabError(
          `--privileged takes COLUMN=VALUE with a column named in --sensitive (${sensitive.join(", ")}), not '${p}'`,
        );
      privileged[col] = p.slice(eq + 1).trim();
    }
    const numbers = {
      minGroupSize: Number(opts.minGroupSize),
      minPositives: Number(opts.minPositives),
      bootstrap: Number(opts.bootstrap),
      seed: Number(opts.seed),
    };
    for (const [k, v] of Object.entries(numbers))
      if (!Number.isInteger(v) || v < 0)
        throw new NeedlabError(
          `--${k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())} takes a whole number, not '${opts[k as keyof typeof numbers]}'`,
        );
    const input = readPredictions(file, sensitive);
    for (const [col, value] of Object.entries(privileged)) {
      const values = new Set(input.sensitive.find(([c]) => c === col)![1]);
      if (!values.has(value))
        throw new NeedlabError(
          `privileged value '${value}' never occurs in column ${col} (values: ${[...values].sort().join(", ")})`,
        );
    }
    const result = audit(input, { ...numbers, privileged });
    if (opts.html) {
      const { renderAuditReport } = await import("../stdlib/export/audit-report");
      writeFileAtomic(opts.html, renderAuditReport(result, path.basename(file)));
      if (!opts.json) say(`report: ${path.resolve(opts.html)}`);
    }
    if (opts.json) say(JSON.stringify(auditJson(result), null, 2));
    else if (!opts.html) {
      const { auditText } = await import("../stdlib/export/audit-report");
      say(auditText(result));
    }
    return 0;
  } catch (e) {
    if (e instanceof NeedlabError) {
      complain(e.message);
      return 2;
    }
    throw e;
  }
}

/** `needlab diff A B`: manifests, then changed verdicts and numbers; exit 1 when a verdict differs. */
async function diffCommand(a: string, b: string): Promise<number> {
  const { diffNotebooks } = await import("./diff");
  try {
    const d = diffNotebooks(readNotebook(a), readNotebook(b));
    say(`--- ${a}\n+++ ${b}\n${d.text}`);
    return d.verdictsDiffer ? 1 : 0;
  } catch (e) {
    complain((e as Error).message);
    return 2;
  }
}

export function main(argv: string[]): void {
  const program = new Command("needlab").version(version()).description("A TypeScript Jupyter kernel with a needs DSL");

  program
    .command("install")
    .description("install the needlab kernelspec for Jupyter (no Python needed)")
    .option("--prefix <dir>", "install into <dir>/share/jupyter/kernels instead of the user's Jupyter data dir")
    .option("--name <name>", "kernelspec name", "needlab")
    .action((opts: { prefix?: string; name: string }) => {
      const dir = installKernelspec({ prefix: opts.prefix, name: opts.name });
      say(`installed kernelspec '${opts.name}' in ${dir}`);
    });

  program
    .command("kernel")
    .description("serve the Jupyter messaging protocol (Jupyter starts this)")
    .requiredOption("--connection-file <file>", "the connection file Jupyter wrote")
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async (opts: { connectionFile: string }) => {
      const { startKernel } = await import("./server");
      await startKernel(path.resolve(opts.connectionFile));
    });

  program
    .command("run")
    .argument("<notebook>", "the .ipynb to execute")
    .description("execute a notebook headlessly; write the executed notebook and, with --html, a self-contained report")
    .option("--out <file>", "executed notebook (default: NAME.executed.ipynb beside the input)")
    .option("--html <file>", "also write a self-contained HTML report")
    .option("--in-place", "overwrite the input notebook with the executed one")
    .option("--no-trust", "do not sign the executed notebook for Jupyter (signing is what `jupyter trust` does)")
    .option(
      "-p, --parameters <name value>",
      "a parameter, as papermill's -p (repeatable): injected after the cell tagged parameters",
      collectPair,
    )
    .option("-f, --parameters-file <file>", "parameters from a JSON object (-p values win over it)")
    .action(async (notebook: string, opts: RunOptions) => {
      process.exitCode = await runCommand(notebook, opts);
    });

  program
    .command("diff")
    .argument("<a>", "an executed notebook")
    .argument("<b>", "another executed notebook")
    .description(
      "show what differs between two runs: manifests, then verdicts and metrics; exit 1 when a verdict differs",
    )
    .action(async (a: string, b: string) => {
      process.exitCode = await diffCommand(a, b);
    });

  program
    .command("check")
    .argument("<files...>", ".needs files, or notebooks (their %%needs cells, in order)")
    .description("check DSL files without running them; exit 1 when there is an error")
    .action(async (files: string[]) => {
      process.exitCode = await checkCommand(files);
    });

  program
    .command("fmt")
    .argument("<file>", "a .needs file, or a notebook with --write/--check")
    .description("print the file in canonical layout (comments kept; running it twice changes nothing)")
    .option("--write", "rewrite the file instead of printing it")
    .option("--check", "exit 1 when the file is not formatted, without changing it")
    .action(async (file: string, opts: { write?: boolean; check?: boolean }) => {
      process.exitCode = await fmtCommand(file, opts);
    });

  program
    .command("audit")
    .argument("<predictions>", "CSV with y_true, y_pred (0/1), optional y_score, and the sensitive columns")
    .description("audit any model's predictions: metrics, fairness by group, disparities, bootstrap intervals")
    .requiredOption("--sensitive <columns>", "sensitive column(s), comma-separated")
    .option(
      "--privileged <col=value>",
      "privileged group for disparate impact and friends (repeatable)",
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option("--min-group-size <n>", "groups smaller than this are reported but left out of disparities", "30")
    .option(
      "--min-positives <n>",
      "groups with fewer actual positives are reported but left out of TPR-based disparities (needs default to 10)",
      "1",
    )
    .option("--bootstrap <n>", "bootstrap resamples for confidence intervals (0: none)", "1000")
    .option("--seed <n>", "bootstrap seed", "0")
    .option("--json", "print the audit as one JSON object")
    .option("--html <file>", "write a self-contained HTML report")
    .action(
      async (
        file: string,
        opts: {
          sensitive: string;
          privileged: string[];
          minGroupSize: string;
          minPositives: string;
          bootstrap: string;
          seed: string;
          json?: boolean;
          html?: string;
        },
      ) => {
        process.exitCode = await auditCommand(file, opts);
      },
    );

  program
    .command("generate")
    .argument("<kind>", "which synthetic data: credit, patients, intents, headlines")
    .description("write seeded synthetic data as CSV (docs/synthetic-data.md)")
    .option("--rows <n>", "number of rows (credit 4000, patients 8000, intents 3000)")
    .option("--seed <n>", "seed")
    .option(
      "--monitoring",
      "patients: a later, drifted cohort; headlines: the monitoring period, with its bearish spike",
    )
    .requiredOption("--out <file>", "CSV file to write")
    .action((kind: string, opts: { rows?: string; seed?: string; monitoring?: boolean; out: string }) => {
      const o = { rows: opts.rows ? Number(opts.rows) : undefined, seed: opts.seed ? Number(opts.seed) : undefined };
      const period = opts.monitoring ? HEADLINE_PERIODS.monitoring : HEADLINE_PERIODS.training;
      const write: Record<string, () => WrittenFile> = {
        credit: () => writeCreditApplicants(opts.out, { rows: o.rows ?? 4000, seed: o.seed ?? 2024 }),
        patients: () => writePatients(opts.out, { ...o, cohort: opts.monitoring ? "later" : "baseline" }),
        intents: () => writeIntentMessages(opts.out, o),
        headlines: () => writeHeadlines(opts.out, { ...period, seed: o.seed ?? period.seed }),
      };
      if (!Object.hasOwn(write, kind)) {
        complain(
          `unknown kind '${kind}'${endWithSuggestion(kind, Object.keys(write))}The synthetic data needlab makes are ${Object.keys(write).join(", ")}.`,
        );
        process.exitCode = 2;
        return;
      }
      const w = write[kind]();
      say(`wrote ${w.rows} rows (${w.bytes} bytes) to ${w.path}`);
    });

  program.parseAsync(joinParameterPairs(argv)).catch((e) => {
    complain((e as Error).message);
    process.exitCode = 1;
  });
}
