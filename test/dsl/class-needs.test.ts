/**
 * The needs of a classifier over several classes in the language: top-k
 * accuracy (its k in the name or after `at`), a class's predicted share, and
 * alerts (`per day`) that `monitor` checks on new rows by a time column.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../dsl";
import { emptyEnv } from "../../dsl/check";
import { format } from "../../dsl/format";
import { complete, inspect } from "../../dsl/assist";

const DS = 'dataset d { source "news.csv" target label multiclass }\n';
const env = () => emptyEnv((p) => ({ columns: p === "news.csv" ? ["x", "label"] : ["x", "published"] }));

function lower(needs: string, rest = "evaluate m against n") {
  const r = compile(`${DS}${needs}\nmodel m: logistic_regression\ntrain m on d\n${rest}`, env());
  const find = (op: string) => r.plan?.steps.find((s) => s.op === op);
  const step = find("defineNeeds");
  return {
    diagnostics: r.diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.message}`),
    needs: step?.op === "defineNeeds" ? step.needs.needs : undefined,
    monitor: find("monitor"),
  };
}

describe("class needs in the language", () => {
  it("lower top-k accuracy from either spelling, and a share with or without a period", () => {
    const r = lower(
      'needs n {\n  must top_3_accuracy >= 90% because "the menu shows three intents"\n  should top_k_accuracy >= 0.8 at 2\n  must share of "bearish" <= 30% per day\n  must share <= 0.5 on class "neutral"\n}',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.needs!.map((n) => [n.metric, n.k, n.onClass, n.period, n.text])).toEqual([
      ["top_k_accuracy", 3, undefined, undefined, "top_3_accuracy >= 0.9"],
      ["top_k_accuracy", 2, undefined, undefined, "top_2_accuracy >= 0.8"],
      ["share", undefined, "bearish", "day", 'share of "bearish" <= 0.3 per day'],
      ["share", undefined, "neutral", undefined, 'share of "neutral" <= 0.5'],
    ]);
    expect(r.needs![1].thresholdProbability).toBeUndefined();
  });

  it("say what is missing or misplaced, where", () => {
    const d = (needs: string) => lower(`needs n {\n${needs}\n}`).diagnostics;
    expect(d("must top_k_accuracy >= 0.8")).toEqual([
      "3:6 top_k_accuracy counts a row when its class is among the k most probable: say k, as in `top_3_accuracy >= 90%` or `top_k_accuracy >= 90% at 3`",
    ]);
    expect(d("must top_3_accuracy >= 0.8 at 2")).toEqual(["3:31 top_3_accuracy already says k = 3; remove `at 2`"]);
    expect(d("must top_k_accuracy >= 0.8 at 1.5")).toEqual([
      "3:31 k is how many classes are offered: a whole number of at least 1",
    ]);
    expect(d('must top_2_accuracy >= 0.8 on class "a"')).toEqual([
      "3:37 top_2_accuracy counts every class; 'on class' does not apply to it",
    ]);
    expect(d("must share <= 0.3")).toEqual([
      '3:6 share is the share of rows predicted as one class: name it, as in `share of "bearish" <= 30%`',
    ]);
    expect(d('must recall of "a" >= 0.5')).toEqual([
      '3:16 \'of "CLASS"\' names the class of a share (`share of "a" <= 30%`); for recall write `on class "a"`',
    ]);
    expect(d("must accuracy >= 0.5 per day")).toEqual([
      "3:26 'per day' makes an alert on new, unlabelled rows, which only a class's share can be: `share of \"C\" <= 30% per day`",
    ]);
    expect(d('must share of "a" <= 0.3 per fortnight')).toEqual([
      "3:30 unknown period 'fortnight'; alerts are checked per hour, day, week, month",
    ]);
    expect(d('must share of "a" <= 130%')).toEqual([
      "3:22 share lies between 0 and 1, so 130% can never be missed; write it as a fraction (0.8) or a percentage (80%)",
    ]);
  });

  it("refuse top-k accuracy and shares for a binary target", () => {
    const r = compile(
      'dataset b { source "news.csv" target label }\nneeds n { must top_3_accuracy >= 0.9 }\nmodel m: logistic_regression\ntrain m on b\nevaluate m against n',
      env(),
    );
    expect(r.diagnostics.map((x) => x.message)[0]).toMatch(
      /^top_3_accuracy does not apply to dataset 'b', whose target is two classes \(binary\)/,
    );
  });

  it("lower monitor with models, alerts and a time column, and check them", () => {
    const needs = 'needs n { must share of "bearish" <= 30% per day }';
    const r = lower(needs, 'monitor d with "march.csv" for m against n by time published');
    expect(r.diagnostics).toEqual([]);
    expect(r.monitor).toEqual({
      op: "monitor",
      dataset: "d",
      path: "march.csv",
      models: ["m"],
      needs: "n",
      time: "published",
    });
    expect(lower(needs, 'monitor d with "march.csv"').monitor).toEqual({
      op: "monitor",
      dataset: "d",
      path: "march.csv",
      models: [],
    });
    expect(lower(needs, 'monitor d with "march.csv" against n by time publshed').diagnostics).toEqual([
      "5:46 column 'publshed' is not in march.csv: name the column that dates each row; did you mean 'published'?",
      '5:36 the needs are checked on a model\'s predictions: name it, as in `monitor d with "march.csv" for MODEL against n`',
    ]);
    expect(lower("needs n { must accuracy >= 0.5 }", 'monitor d with "march.csv" for m against n').diagnostics).toEqual(
      ["5:42 needs 'n' has no alert to check on new rows: add one such as `must share of \"CLASS\" <= 30% per day`"],
    );
    expect(lower(needs, 'monitor d with "march.csv" for m by date published').diagnostics).toEqual([
      "5:37 monitor groups new rows by time: write `by time COLUMN`",
    ]);
  });

  it("format alert needs and monitor statements canonically", () => {
    const src =
      'needs n {\n  must share   of "bearish" <= 30%   per day\n}\nmonitor d  with "m.csv" for m   against n by time published\n';
    expect(format(src).text).toBe(
      'needs n {\n  must share of "bearish" <= 30% per day\n}\n\nmonitor d with "m.csv" for m against n by time published\n',
    );
  });

  it("completes and explains the new words", () => {
    const src = "needs n { must top_3_accuracy >= 0.9 per day }";
    expect(inspect(src, src.indexOf("top_3") + 2)).toMatch(
      /^top_k_accuracy: the share of rows whose true class is among the k most probable/,
    );
    expect(inspect(src, src.indexOf("per") + 1)).toMatch(
      /^per hour \| day \| week \| month: makes a share need an alert/,
    );
    const scope = { datasets: [], models: [], needs: [], columns: [] };
    const metrics = complete("needs n { must ", 15, scope).matches;
    expect(metrics).toContain("top_k_accuracy");
    expect(metrics).toContain("share");
    expect(complete("show c", 6, scope).matches).toEqual([
      "calibration",
      "classes",
      "code",
      "confused",
      "confusion",
      "cutoff",
    ]);
  });
});
