/**
 * `dataset` blocks: the source and how it is read, the target, columns
 * against the file's header, derived expressions, preparation and the split.
 */
import type * as A from "../ast";
import { type Diagnostic, didYouMean, error, warning } from "../diagnostics";
import {
  COLUMN_TYPES,
  DERIVE_FUNCTIONS,
  ENCODINGS,
  FILE_FORMATS,
  MISSING_STRATEGIES,
  SCALINGS,
  TASKS,
} from "../../plan/plan";
import type { CheckEnv } from "./env";
import { checkChoice, checkRepeated, exprColumns, isNumber } from "./common";
import { checkPii } from "./pii";
import { checkReadingSettings, readingColumns } from "./data";
import { headerExcerpt } from "../excerpt";
import { checkTextColumns, checkTextSetting } from "./text";

function checkExpr(e: A.Expr, diags: Diagnostic[]): void {
  if (e.kind === "negate") checkExpr(e.arg, diags);
  if (e.kind === "binary") {
    checkExpr(e.left, diags);
    checkExpr(e.right, diags);
  }
  if (e.kind !== "call") return;
  e.args.forEach((a) => checkExpr(a, diags));
  const fns = Object.keys(DERIVE_FUNCTIONS);
  if (!checkChoice(e.fn, fns, "function", diags)) return;
  const arity = DERIVE_FUNCTIONS[e.fn.text as keyof typeof DERIVE_FUNCTIONS];
  if (e.args.length !== arity)
    diags.push(
      error(
        e.fn.span,
        `${e.fn.text} takes ${arity} argument${arity > 1 ? "s" : ""}${e.fn.text === "bucket" ? " and a list of edges: `bucket(age, [25, 40, 60])`" : ""}, not ${e.args.length}`,
      ),
    );
  if (e.fn.text === "bucket") {
    if (!e.list) diags.push(error(e.fn.span, "bucket needs the band edges as a list: `bucket(age, [25, 40, 60])`"));
    if (e.args[0] && e.args[0].kind !== "column")
      diags.push(
        error(e.args[0].span, "bucket bands a column: write the column's name, e.g. `bucket(age, [25, 40, 60])`"),
      );
    e.list?.forEach((edge, i) => {
      if (i > 0 && edge.value <= e.list![i - 1].value)
        diags.push(error(edge.span, `bucket edges must increase: ${edge.raw} comes after ${e.list![i - 1].raw}`));
    });
  } else if (e.list) diags.push(error(e.fn.span, `${e.fn.text} takes no list; only bucket does`));
}

function isEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

function checkFileOptions(ds: A.DatasetDecl, diags: Diagnostic[]): void {
  if (ds.format) checkChoice(ds.format.value, FILE_FORMATS, "format", diags);
  if (ds.delimiter && [...ds.delimiter.value.value].length !== 1)
    diags.push(
      error(
        ds.delimiter.value.span,
        `a delimiter is one character, such as ";" or "\\t", not ${JSON.stringify(ds.delimiter.value.value)}`,
      ),
    );
  if (ds.delimiter && ds.format?.value.text === "jsonl")
    diags.push(error(ds.delimiter.value.span, "JSON lines have no delimiter: remove it, or make the format csv"));
  if (ds.encoding && !isEncoding(ds.encoding.value.value))
    diags.push(
      error(
        ds.encoding.value.span,
        `unknown text encoding "${ds.encoding.value.value}"; common ones: utf-8, latin1, windows-1252, utf-16le`,
      ),
    );
  if (ds.target?.value.task) checkChoice(ds.target.value.task, TASKS, "target kind", diags);
  if (ds.target?.value.positive && ds.target.value.task)
    diags.push(error(ds.target.value.task.span, "positive names a class of a binary target; remove one of them"));
  if (ds.stratify && ds.target?.value.task?.text === "regression")
    diags.push(
      warning(
        ds.stratify.span,
        "stratify keeps class balance, and a regression target has no classes: the split is at random; remove `stratify`",
      ),
    );
  ds.types.forEach((t) => checkChoice(t.choice, COLUMN_TYPES, "column type", diags));
  if (ds.text) checkTextSetting(ds.text.value, diags);
  for (const m of ds.missing) {
    if (!checkChoice(m.choice, MISSING_STRATEGIES, "missing-value strategy", diags)) continue;
    if (m.choice.text === "constant" && !m.value)
      diags.push(
        error(
          m.choice.span,
          `constant needs the value to fill in: \`${m.column.text}: constant 0\` or \`${m.column.text}: constant "unknown"\``,
        ),
      );
    if (m.choice.text !== "constant" && (m.value || m.list))
      diags.push(error(m.choice.span, `${m.choice.text} takes no value; only constant does`));
  }
  for (const e of ds.encode) {
    if (!checkChoice(e.choice, ENCODINGS, "encoding", diags)) continue;
    if (e.value)
      diags.push(
        error(
          e.choice.span,
          `${e.choice.text} takes no value${e.choice.text === "ordinal" ? '; give the order as a list: `ordinal ["low", "mid", "high"]`' : ""}`,
        ),
      );
    if (e.list && e.choice.text !== "ordinal")
      diags.push(error(e.choice.span, `${e.choice.text} takes no list; only ordinal does (its order)`));
  }
  if (ds.scale) checkChoice(ds.scale.value, SCALINGS, "scaling", diags);
  ds.scaleColumns.forEach((c) => checkChoice(c.choice, SCALINGS, "scaling", diags));
  for (const f of ds.filters) {
    if (f.op !== "==" && f.op !== "!=" && f.op !== "in" && f.values.some((v) => !isNumber(v)))
      diags.push(error(f.column.span, `'${f.op}' compares numbers; compare text with ==, != or in`));
  }
  const split = ds.split?.value;
  if (split?.kfold && (!split.kfold.isInteger || split.kfold.value < 2 || split.kfold.value > 50))
    diags.push(error(split.kfold.span, `kfold takes a whole number of folds from 2 to 50, not ${split.kfold.raw}`));
  if (split?.by) {
    if (checkChoice(split.by.kind, ["group", "time"], "split kind", diags) && ds.stratify) {
      diags.push(
        error(
          ds.stratify.span,
          `a ${split.by.kind.text} split cannot also be stratified: ${split.by.kind.text === "time" ? "the test part is the latest rows" : "rows of one group stay together"}; remove \`stratify\``,
        ),
      );
    }
  }
}

export function checkDataset(ds: A.DatasetDecl, env: CheckEnv, diags: Diagnostic[]): void {
  checkRepeated(ds.repeated, diags);
  if (!ds.source)
    diags.push(error(ds.name.span, `dataset '${ds.name.text}' has no source: add \`source "path/to/file.csv"\``));
  if (!ds.target)
    diags.push(error(ds.name.span, `dataset '${ds.name.text}' has no target: add \`target COLUMN positive "CLASS"\``));
  if (ds.seed && (!ds.seed.value.isInteger || ds.seed.value.value > 2 ** 31 - 1))
    diags.push(error(ds.seed.value.span, `seed must be a whole number from 0 to 2147483647, not ${ds.seed.value.raw}`));
  if (ds.split && ds.split.value.parts.length) checkSplit(ds.split.value.parts, ds.split.span, diags);
  checkFileOptions(ds, diags);
  checkReadingSettings(ds, diags);
  ds.derived.forEach((d) => checkExpr(d.expr, diags));

  if (!ds.source || ds.sourceKind) return; // a query's columns are known when it runs
  const header = env.readHeader(ds.source.value.value, {
    format: ds.format?.value.text as "csv" | "jsonl" | undefined,
    delimiter: ds.delimiter?.value.value,
    encoding: ds.encoding && isEncoding(ds.encoding.value.value) ? ds.encoding.value.value : undefined,
  });
  if ("problem" in header) {
    diags.push(error(ds.source.value.span, header.problem));
    return;
  }
  // Derived columns join the header, in order, for every check after them.
  const columns = [...header.columns];
  const checkColumn = (n: A.Name) => {
    if (!columns.includes(n.text))
      diags.push(
        error(
          n.span,
          `column '${n.text}' is not in ${ds.source!.value.value}${didYouMean(n.text, columns) || `; its columns are: ${headerExcerpt(columns)}`}`,
        ),
      );
  };
  for (const d of ds.derived) {
    exprColumns(d.expr).forEach(checkColumn);
    if (columns.includes(d.name.text))
      diags.push(error(d.name.span, `'${d.name.text}' is already a column: give the derived column another name`));
    columns.push(d.name.text);
  }
  const target = ds.target?.value.column;
  if (target) checkColumn(target);
  [...ds.drop, ...ds.keep, ...ds.sensitive, ...ds.pii].forEach(checkColumn);
  [...ds.types, ...ds.missing, ...ds.encode, ...ds.scaleColumns].forEach((c) => checkColumn(c.column));
  readingColumns(ds).forEach(checkColumn);
  ds.text?.value.columns.forEach(checkColumn);
  checkTextColumns(ds, diags);
  if (env.dataWarnings && !diags.some((d) => d.severity === "error"))
    env.dataWarnings(ds).forEach((w) => diags.push(warning(ds.source!.value.span, w)));
  ds.filters.forEach((f) => checkColumn(f.column));
  if (ds.split?.value.by) checkColumn(ds.split.value.by.column);
  checkPii(ds, diags);
  for (const p of ds.pii) {
    if (target && p.text === target.text)
      diags.push(error(p.span, `'${p.text}' is the target, so it cannot be personal data that is never used`));
    if (ds.sensitive.some((s) => s.text === p.text))
      diags.push(
        error(
          p.span,
          `'${p.text}' is personal data (pii), so it cannot also be a sensitive attribute: PII is never used, and fairness checks use it`,
        ),
      );
    if (ds.keep.some((k) => k.text === p.text))
      diags.push(
        error(p.span, `'${p.text}' is personal data (pii), so it can never be a feature: remove it from \`keep\``),
      );
  }
  for (const s of ds.sensitive) {
    if (target && s.text === target.text)
      diags.push(error(s.span, `'${s.text}' is the target, so it cannot also be a sensitive attribute`));
    if (ds.drop.some((d) => d.text === s.text))
      diags.push(
        warning(s.span, `'${s.text}' is sensitive, so it is already kept out of the features: no need to drop it`),
      );
    if (ds.keep.some((k) => k.text === s.text))
      diags.push(error(s.span, `'${s.text}' is sensitive, so it is never a feature: remove it from \`keep\``));
  }
  for (const k of ds.keep)
    if (ds.drop.some((d) => d.text === k.text))
      diags.push(error(k.span, `'${k.text}' is both kept and dropped: remove it from one of them`));
  if (target && ds.drop.some((d) => d.text === target.text)) {
    const d = ds.drop.find((x) => x.text === target.text)!;
    diags.push(error(d.span, `'${d.text}' is the target, so it cannot be dropped`));
  }
}

function checkSplit(parts: A.SplitPart[], span: A.Setting<unknown>["span"], diags: Diagnostic[]): void {
  const seen = new Set<string>();
  let sum = 0;
  for (const p of parts) {
    if (seen.has(p.part)) diags.push(error(p.span, `'${p.part}' appears twice in the split`));
    seen.add(p.part);
    if (p.fraction.value <= 0 || p.fraction.value >= 1)
      diags.push(
        error(
          p.fraction.span,
          `a split fraction lies strictly between 0 and 1 (or 0% and 100%), not ${p.fraction.raw}`,
        ),
      );
    sum += p.fraction.value;
  }
  if (!seen.has("train")) diags.push(error(span, "the split has no train part: add `train 80%`"));
  if (!seen.has("test"))
    diags.push(error(span, "the split has no test part: add `test 20%`; needs are checked on the test part"));
  if (Math.abs(sum - 1) > 1e-9)
    diags.push(error(span, `the split fractions add up to ${+(sum * 100).toFixed(6)}%, not 100%`));
}
