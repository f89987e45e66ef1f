/**
 * Reading a predictions file for `needlab audit`: columns y_true, y_pred,
 * optional y_score, and the sensitive columns. Every problem is a
 * NeedlabError naming the file, the column and the line.
 */
import fs from "node:fs";
import Papa from "papaparse";
import { NeedlabError } from "../errors";
import { endWithSuggestion } from "../../plan/suggest";
import type { AuditInput } from "../audit";

const MISSING_GROUP = "(missing)";

export function readPredictions(file: string, sensitive: string[]): AuditInput {
  if (!fs.existsSync(file)) throw new NeedlabError(`cannot find ${file}`);
  const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  if (text.trim() === "")
    throw new NeedlabError(`${file} is empty: it needs a header row (y_true,y_pred,...) and data rows`);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  if (rows.length === 0) throw new NeedlabError(`${file} has a header but no data rows`);
  const columns = header.map((h) => h.trim());
  const index = (name: string, role: string) => {
    const i = columns.indexOf(name);
    if (i < 0)
      throw new NeedlabError(
        `${file} has no ${role} column '${name}'${endWithSuggestion(name, columns)}Its columns are: ${columns.join(", ")}.`,
      );
    return i;
  };
  const iTrue = index("y_true", "label"),
    iPred = index("y_pred", "prediction");
  const iScore = columns.indexOf("y_score");
  const iSensitive = sensitive.map((s) => index(s, "sensitive"));
  const n = rows.length;
  const yTrue = new Uint8Array(n),
    yPred = new Uint8Array(n);
  const yScore = iScore >= 0 ? new Float64Array(n) : undefined;
  const groups = sensitive.map(() => new Array<string>(n));
  const label = (v: string | undefined, column: string, line: number) => {
    const t = (v ?? "").trim();
    if (t === "0" || t === "1") return Number(t);
    throw new NeedlabError(
      `${column} in ${file} must be 0 or 1, but line ${line} has ${t === "" ? "nothing" : `'${t}'`}. Map the labels to 0/1 (1 = the favourable or positive outcome) first.`,
    );
  };
  for (let r = 0; r < n; r++) {
    const row = rows[r];
    const line = r + 2;
    if (row.length !== columns.length)
      throw new NeedlabError(
        `line ${line} of ${file} has ${row.length} fields, the header has ${columns.length}: check for a stray comma or quote.`,
      );
    yTrue[r] = label(row[iTrue], "y_true", line);
    yPred[r] = label(row[iPred], "y_pred", line);
    if (yScore) {
      const s = Number(row[iScore]);
      if (row[iScore].trim() === "" || !Number.isFinite(s) || s < 0 || s > 1)
        throw new NeedlabError(
          `y_score in ${file} must be a probability from 0 to 1, but line ${line} has '${row[iScore]}'.`,
        );
      yScore[r] = s;
    }
    iSensitive.forEach((c, k) => (groups[k][r] = row[c].trim() === "" ? MISSING_GROUP : row[c].trim()));
  }
  return { yTrue, yPred, yScore, sensitive: sensitive.map((s, k) => [s, groups[k]]) };
}
