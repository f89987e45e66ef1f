/**
 * The `text` setting of a dataset block and the settings of text networks:
 * each word known, each value of the right kind and range, one message per
 * problem naming the fix.
 */
import type * as A from "../ast";
import { type Diagnostic, didYouMean, error } from "../diagnostics";
import {
  ANALYZERS,
  NETWORK_SETTINGS,
  TEXT_FAMILIES,
  TEXT_PLACEHOLDERS,
  TEXT_SETTINGS,
  UNICODE_FORMS,
} from "../../plan/plan";

const BOOLEAN = ["true", "false"];
const FLAGS = new Set(["sublinear_tf", "binary"]);
const WHOLE = new Set(["vocabulary", "min_count", "max_length"]);

function expectWords(key: A.Name, values: A.TextValue[], known: readonly string[], many: boolean, d: Diagnostic[]) {
  if (values.length === 0 && !FLAGS.has(key.text))
    d.push(error(key.span, `${key.text} needs a value: ${TEXT_SETTINGS[key.text]}`));
  if (!many && values.length > 1)
    d.push(error(values[1].span, `${key.text} takes one value: ${TEXT_SETTINGS[key.text]}`));
  for (const v of values) {
    const word = v.kind === "word" ? v.value.text : undefined;
    if (word === undefined || !known.includes(word))
      d.push(
        error(
          v.span,
          `${key.text} is one of ${known.join(", ")}${word ? didYouMean(word, known) : ""}: ${TEXT_SETTINGS[key.text]}`,
        ),
      );
  }
}

function checkNumber(key: A.Name, values: A.TextValue[], d: Diagnostic[]): void {
  const v = values[0];
  if (values.length !== 1 || v.kind !== "number") {
    d.push(error(v?.span ?? key.span, `${key.text} takes one number: ${TEXT_SETTINGS[key.text]}`));
    return;
  }
  if (key.text === "ngrams") {
    const lo = v.value,
      hi = v.upTo ?? v.value;
    if (!lo.isInteger || !hi.isInteger || lo.value < 1 || hi.value < lo.value || hi.value > 10)
      d.push(error(v.span, `ngrams are whole numbers with 1 <= N <= M <= 10, e.g. \`ngrams 1 to 2\`, not ${lo.raw}`));
    return;
  }
  if (v.upTo) d.push(error(v.upTo.span, `only ngrams takes a range (\`N to M\`); ${key.text} takes one number`));
  if (WHOLE.has(key.text) && (!v.value.isInteger || v.value.value < 1))
    d.push(error(v.span, `${key.text} is a whole number, at least 1, not ${v.value.raw}`));
  if (key.text === "max_df" && !(v.value.value > 0 && v.value.value <= 1))
    d.push(error(v.span, `max_df is a share of messages above 0 and at most 100%, not ${v.value.raw}`));
}

export function checkTextSetting(text: A.TextDecl, d: Diagnostic[]): void {
  const seen = new Set<string>();
  for (const { key, values } of text.options) {
    const known = Object.keys(TEXT_SETTINGS);
    if (!known.includes(key.text)) {
      d.push(
        error(
          key.span,
          `unknown text setting '${key.text}'${didYouMean(key.text, known) || `; known: ${known.join(", ")}`}`,
        ),
      );
      continue;
    }
    if (seen.has(key.text)) d.push(error(key.span, `'${key.text}' is given twice in this text setting; keep one`));
    seen.add(key.text);
    if (key.text === "analyzer") expectWords(key, values, ANALYZERS, false, d);
    else if (key.text === "unicode") expectWords(key, values, UNICODE_FORMS, false, d);
    else if (key.text === "placeholders") expectWords(key, values, [...TEXT_PLACEHOLDERS, "none"], true, d);
    else if (key.text === "lowercase" || FLAGS.has(key.text)) expectWords(key, values, BOOLEAN, false, d);
    else checkNumber(key, values, d);
  }
}

/** Columns a text setting names that are also the target, sensitive, personal or dropped. */
export function checkTextColumns(ds: A.DatasetDecl, d: Diagnostic[]): void {
  const text = ds.text?.value;
  if (!text) return;
  const seen = new Set<string>();
  for (const c of text.columns) {
    if (seen.has(c.text)) d.push(error(c.span, `'${c.text}' is named twice as a text column; keep one`));
    seen.add(c.text);
    const clash =
      ds.target?.value.column.text === c.text
        ? "the target"
        : ds.sensitive.some((s) => s.text === c.text)
          ? "sensitive (never a feature)"
          : ds.pii.some((s) => s.text === c.text)
            ? "personal data (never read)"
            : ds.drop.some((s) => s.text === c.text)
              ? "dropped"
              : undefined;
    if (clash) d.push(error(c.span, `'${c.text}' is ${clash}, so it cannot also be a text column: remove it from one`));
  }
}

/** A text network's shape settings; other families take none of them. */
export function checkNetwork(m: A.ModelDecl, d: Diagnostic[]): void {
  const isText = (TEXT_FAMILIES as readonly string[]).includes(m.family.text);
  const known = Object.keys(NETWORK_SETTINGS);
  const seen = new Set<string>();
  for (const { key, value } of m.network) {
    if (!known.includes(key.text)) {
      d.push(error(key.span, `unknown model setting '${key.text}'${didYouMean(key.text, known) || ""}`));
      continue;
    }
    if (!isText) {
      d.push(
        error(key.span, `${key.text} shapes a text network (${TEXT_FAMILIES.join(", ")}), not a ${m.family.text}`),
      );
      continue;
    }
    if (seen.has(key.text)) d.push(error(key.span, `'${key.text}' is given twice in this block; keep one`));
    seen.add(key.text);
    if (key.text === "pretrained") {
      if ("raw" in value)
        d.push(error(value.span, `pretrained takes a path in quotes: ${NETWORK_SETTINGS.pretrained}`));
      continue;
    }
    if (!("raw" in value) || !value.isInteger || value.value < 1 || value.value > 4096)
      d.push(error(value.span, `${key.text} is a whole number from 1 to 4096: ${NETWORK_SETTINGS[key.text]}`));
  }
  if (isText && m.layers.length)
    d.push(
      error(
        m.layers[0].span,
        `a ${m.family.text} network has no \`layer\` lines: set its shape with ${known.join(", ")}`,
      ),
    );
}
