/**
 * Evaluations as plain JSON (NEEDLAB_EVALUATION_MIME): metrics and verdicts
 * per model, undefined values as null, for tools that read results rather
 * than tables.
 */
import type { Verdict } from "./evaluate";

export const finiteOrNull = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
export const finite = (o: Partial<Record<string, number>>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, finiteOrNull(v)]));

export function machineEvaluation(
  dataset: string,
  needs: string,
  backend: string | undefined,
  evals: {
    model: string;
    rows: number;
    metrics: Partial<Record<string, number>>;
    verdicts: Verdict[];
    extra?: object;
  }[],
) {
  return {
    dataset,
    needs,
    backend,
    models: evals.map((e) => ({
      model: e.model,
      rows: e.rows,
      metrics: finite(e.metrics),
      ...e.extra,
      verdicts: e.verdicts.map((v) => ({
        need: v.need.id,
        text: v.need.text,
        level: v.need.level,
        measured: finiteOrNull(v.measured),
        low: finiteOrNull(v.interval?.low),
        high: finiteOrNull(v.interval?.high),
        status: v.status,
      })),
    })),
  };
}
