/** The shipped notebooks' DSL cells parse and check, so a new study starts from something that works. */
import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { checkSequence, isDslCell, stripMagic } from "../../dsl";

const ROOT = path.resolve(__dirname, "..", "..");

describe.each([
  "templates/study.ipynb",
  "notebooks/credit-risk.ipynb",
  "notebooks/retail-demand.ipynb",
  "notebooks/stroke-triage.ipynb",
])("%s", (file) => {
  const cells = (
    JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as {
      cells: { cell_type: string; source: string | string[] }[];
    }
  ).cells
    .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source))
    .filter(isDslCell);

  it("has DSL cells that parse and check in order", () => {
    expect(cells.length).toBeGreaterThanOrEqual(3);
    const header = () => ({
      columns: [
        "id",
        "outcome",
        "applicant_id",
        "sex",
        "age_group",
        "default",
        "store_id",
        "week",
        "region",
        "promo",
        "holiday",
        "price",
        "temperature",
        "units_sold",
        ...["mrn", "name", "gender", "age", "ethnicity", "hypertension", "heart_disease", "diabetes"],
        ...["avg_glucose_level", "bmi", "smoking_status", "residence_type", "stroke"],
      ],
    });
    expect(checkSequence(cells.map(stripMagic), header)).toEqual(cells.map(() => []));
  });
});
