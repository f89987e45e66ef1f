/** Seeded inputs for fuzzing the DSL front end: a valid study using every construct, mutations of it, and token soup. */
import type { Rng } from "../../stdlib/random";

export const VALID = `needs lending {
  must recall >= 60% on class "bad" because "defaults cost most"
  should precision >= 0.45 on class "bad"
  must demographic_parity_difference <= 0.1 by sex min_group_size 20
  should disparate_impact <= 1.25 by age_group privileged "40-59"
}
dataset applicants {
  source "credit.csv"   # a comment after a setting
  delimiter "," encoding "utf-8"
  target default positive "bad"
  drop applicant_id
  types income: number
  filter income > 0
  filter sex in ["female", "male"]
  missing income: median, sex: constant "unknown"
  encode sex: frequency
  scale minmax
  scale income: robust
  derive log_income = log1p(income) / 2 - 1
  sensitive sex, age_group
  split train 60%, validation 10%, test 30%
  stratify
  seed 7
}
model baseline: logistic_regression { learning_rate 0.05 epochs 30 threshold 0.27 seed 1 }
model mlp: dense {
  layer 16 relu dropout 30%
  layer 8
  optimizer adam beta1 0.9
  batch_size 64
  schedule step 0.5 every 10
  early_stopping on roc_auc patience 3
  class_weight balanced
  backend auto
}
train baseline, mlp on applicants
evaluate baseline, mlp against lending
show pr, calibration for baseline
compare baseline, mlp against lending
tune mlp on applicants against lending search random trials 3 { learning_rate in [0.01, 0.1] layer 1 units in [8, 16] }
export mlp to "exports/mlp"
monitor applicants with "credit.csv"
`;

const PIECES = [
  "needs",
  "dataset",
  "model",
  "train",
  "evaluate",
  "show",
  "must",
  "should",
  "on",
  "class",
  "by",
  "privileged",
  "{",
  "}",
  ",",
  ":",
  "%",
  ">=",
  "<",
  "0.5",
  "-3",
  "80%",
  '"x"',
  '"unclosed',
  "recall",
  "roc_auc",
  "dense",
  "layer",
  "dropout",
  "seed",
  "split",
  "train",
  "test",
  "#",
  "//",
  "\n",
  " ",
  "$",
  "é",
  "\t",
  "because",
  "sensitive",
  "for",
  "derive",
  "=",
  "(",
  ")",
  "[",
  "]",
  "+",
  "-",
  "*",
  "/",
  "filter",
  "==",
  "!=",
  "in",
  "missing",
  "encode",
  "scale",
  "tune",
  "compare",
  "export",
  "monitor",
  "schedule",
  "class_weight",
];

export function mutate(src: string, rng: Rng): string {
  let s = src;
  const edits = 1 + rng.int(4);
  for (let k = 0; k < edits; k++) {
    const at = rng.int(s.length + 1);
    switch (rng.int(4)) {
      case 0: // delete a span
        s = s.slice(0, at) + s.slice(at + 1 + rng.int(12));
        break;
      case 1: // insert a piece
        s = s.slice(0, at) + PIECES[rng.int(PIECES.length)] + s.slice(at);
        break;
      case 2: // duplicate a span
        s = s.slice(0, at) + s.slice(at, at + rng.int(30)) + s.slice(at);
        break;
      default: // swap one character for a random printable one
        s = s.slice(0, at) + String.fromCharCode(32 + rng.int(95)) + s.slice(at + 1);
    }
  }
  return s;
}

export const soup = (rng: Rng) =>
  Array.from({ length: 1 + rng.int(40) }, () => PIECES[rng.int(PIECES.length)]).join(rng.next() < 0.5 ? " " : "");
