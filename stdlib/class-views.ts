/**
 * What a classifier over many classes (77 intents, say) gets wrong, as
 * tables: every class with its scores, worst first, and the pairs of
 * classes it confuses most; and the order that puts the most confused
 * classes first in a confusion matrix.
 */
import type { MulticlassEvaluation } from "./evaluate-multiclass";
import { fmt, tableView, type View } from "./views";

export interface ConfusedPair {
  /** The true class and the class predicted instead. */
  actual: string;
  predicted: string;
  count: number;
  /** count / the true class's rows. */
  shareOfActual: number;
}

type Judged = Pick<MulticlassEvaluation, "model" | "classNames" | "confusion">;

/** Off-diagonal cells of the confusion matrix, most rows first (ties by class names): the mistakes that matter most. */
export function confusedPairs(e: Judged, top = 10): ConfusedPair[] {
  const pairs: ConfusedPair[] = [];
  e.confusion.forEach((row, t) => {
    const support = row.reduce((a, b) => a + b, 0);
    row.forEach((count, p) => {
      if (p !== t && count > 0)
        pairs.push({ actual: e.classNames[t], predicted: e.classNames[p], count, shareOfActual: count / support });
    });
  });
  pairs.sort((a, b) => b.count - a.count || a.actual.localeCompare(b.actual) || a.predicted.localeCompare(b.predicted));
  return pairs.slice(0, top);
}

/** Class indices ordered by how many rows each is part of a mistake in (as the truth or the prediction), most first. */
export function confusionOrder(e: Judged): number[] {
  // A class's mistakes: its rows predicted as another class, and other classes' rows predicted as it.
  const errors = e.classNames.map(
    (_, c) =>
      e.confusion[c].reduce((a, v) => a + v, 0) + e.confusion.reduce((a, row) => a + row[c], 0) - 2 * e.confusion[c][c],
  );
  return e.classNames
    .map((_, c) => c)
    .sort((a, b) => errors[b] - errors[a] || e.classNames[a].localeCompare(e.classNames[b]));
}

/** The class each class is most often mistaken for, with the count ("card_arrival (4)"), or "-". */
function mistakenFor(e: Judged, t: number): string {
  let best = -1;
  e.confusion[t].forEach((count, p) => {
    if (p !== t && count > 0 && (best < 0 || count > e.confusion[t][best])) best = p;
  });
  return best < 0 ? "-" : `${e.classNames[best]} (${e.confusion[t][best]})`;
}

/** Per model, every class with its support, precision, recall and f1, lowest f1 first. */
export function perClassView(evals: MulticlassEvaluation[]): View {
  const header = ["model", "class", "support", "precision", "recall", "f1", "most often predicted instead"];
  const rows = evals.flatMap((e) =>
    e.perClass
      .map((c, k) => ({ c, k }))
      .sort((a, b) => (Number.isNaN(a.c.f1) ? -1 : Number.isNaN(b.c.f1) ? 1 : a.c.f1 - b.c.f1) || a.k - b.k)
      .map(({ c, k }) => [
        e.model,
        c.class,
        String(c.support),
        fmt(c.precision),
        fmt(c.recall),
        fmt(c.f1),
        mistakenFor(e, k),
      ]),
  );
  return tableView("Classes, lowest f1 first (test split)", header, rows, 2, [
    "f1 is undefined for a class never predicted and never present; precision for a class never predicted.",
  ]);
}

/** Per model, the pairs of classes it confuses most. */
export function confusedPairsView(evals: MulticlassEvaluation[], top = 10): View {
  const header = ["model", "true class", "predicted as", "rows", "share of the true class"];
  const rows = evals.flatMap((e) =>
    confusedPairs(e, top).map((p) => [
      e.model,
      p.actual,
      p.predicted,
      String(p.count),
      `${(100 * p.shareOfActual).toFixed(1)}%`,
    ]),
  );
  const clean = evals
    .filter((e) => confusedPairs(e, 1).length === 0)
    .map((e) => `${e.model} confuses no classes on the test split.`);
  return tableView(`Most confused class pairs (test split, top ${top} per model)`, header, rows, 3, clean);
}

/**
 * Each model's accuracy and macro recall by group (and a fairness need's
 * class recall), one table per sensitive column and per fairness need; a
 * group left out of a gap is starred, with the reason under the table.
 */
export function classGroupsView(evals: MulticlassEvaluation[], keys?: string[]): View[] {
  const all = keys ?? [...new Set(evals.flatMap((e) => Object.keys(e.groups)))];
  return all.map((key) => {
    const first = evals.find((e) => e.groups[key])!.groups[key];
    const cls = first.onClass;
    const header = [
      "model",
      "group",
      "rows",
      "accuracy",
      "macro recall",
      ...(cls !== undefined ? [`recall "${cls}"`] : []),
    ];
    const rows = evals.flatMap((e) =>
      (e.groups[key]?.groups ?? []).map((g) => [
        e.model,
        g.group + (g.small || g.fewPositives ? " *" : ""),
        String(g.count),
        fmt(g.accuracy),
        fmt(g.macro_recall),
        ...(cls !== undefined ? [fmt(g.recall ?? NaN)] : []),
      ]),
    );
    const notes = evals.flatMap((e) => {
      const r = e.groups[key];
      if (!r) return [];
      const gap = Number.isNaN(r.gap)
        ? `${r.metric} undefined`
        : `${r.metric} ${fmt(r.gap)} (${r.best} best, ${r.worst} worst)`;
      return [`${e.model}: ${gap}`, ...r.undefined.map((u) => `* ${u.what}: ${u.why}`)];
    });
    const title = key === first.by ? `Accuracy by ${first.by} (test split)` : `By ${first.by}: ${key}`;
    return tableView(title, header, rows, 2, [...new Set(notes)]);
  });
}
