/**
 * The binary datasets of ../shared/data (beside the checkout; never shipped),
 * prepared the way needlab prepares a dataset block: for comparing its
 * linear models with scikit-learn's on the very same matrices.
 */
import fs from "node:fs";
import path from "node:path";
import { datasetSpec, type DatasetSpec } from "../../plan/plan";
import { loadCsv } from "../../stdlib/data/load";
import { prepare, type PreparedData } from "../../stdlib/data/prepare";

/**
 * ../shared/data from the repository root (this file runs from test/helpers or dist/test/helpers), where it holds
 * every file named; undefined where it does not (a fresh clone or CI), and the test skips, saying why.
 */
export function sharedData(...files: string[]): string | undefined {
  for (const up of [
    ["..", ".."],
    ["..", "..", ".."],
  ]) {
    const dir = path.resolve(__dirname, ...up, "..", "shared", "data");
    if ((files.length ? files : ["adult_train.csv"]).every((f) => fs.existsSync(path.join(dir, f)))) return dir;
  }
  return undefined;
}

/** Why a test on the public datasets skipped. */
export const SHARED_DATA_ABSENT =
  "the public datasets are not in ../shared/data beside the checkout (they are never shipped)";

type Given = Pick<DatasetSpec, "source" | "target" | "positive"> & Partial<DatasetSpec>;

/** Every binary dataset there (banking77 is text with 77 classes), with the columns that would leak or identify left out. */
export const REAL_BINARY: Given[] = [
  { source: "german_credit.csv", target: "class", positive: "bad" },
  { source: "taiwan_credit_default.csv", target: "default_payment_next_month", positive: "1", drop: ["ID"] },
  { source: "bank_marketing.csv", target: "y", positive: "yes" },
  { source: "adult_train.csv", target: "income", positive: ">50K" },
  { source: "adult_test.csv", target: "income", positive: ">50K." },
  {
    source: "compas_scores_two_years.csv",
    target: "two_year_recid",
    positive: "1",
    // The screening's own scores and later outcomes would leak the target; names and case numbers identify people.
    keep: [
      "sex",
      "age",
      "age_cat",
      "race",
      "juv_fel_count",
      "juv_misd_count",
      "juv_other_count",
      "priors_count",
      "c_charge_degree",
    ],
  },
  { source: "breast_cancer_wisconsin_diagnostic.csv", target: "diagnosis", positive: "M", drop: ["id"] },
  { source: "pima_indians_diabetes.csv", target: "Outcome", positive: "1" },
  // num 0-4: "0" (no disease) against the rest; ROC AUC is the same either way round.
  // ca and thal write a missing value as '?': read as categories, '?' is one of them.
  { source: "heart_disease_cleveland.csv", target: "num", positive: "0", types: { ca: "category", thal: "category" } },
  { source: "stroke_prediction.csv", target: "stroke", positive: "1", drop: ["id"] },
  { source: "telco_customer_churn.csv", target: "Churn", positive: "Yes", drop: ["customerID"] },
  { source: "online_shoppers_intention.csv", target: "Revenue", positive: "TRUE" },
];

/** A dataset prepared as `dataset NAME { ... split train 80%, test 20% stratify seed 1 }` would be. */
export async function prepareReal(dir: string, given: Given): Promise<PreparedData> {
  const spec = datasetSpec({
    name: path.basename(given.source, ".csv"),
    split: { train: 0.8, validation: 0, test: 0.2 },
    stratify: true,
    seed: 1,
    ...given,
  });
  return prepare((await loadCsv(given.source, dir)).table, spec);
}
