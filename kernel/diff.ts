/**
 * `needlab diff A.ipynb B.ipynb`: what differs between two executed
 * notebooks. First their provenance manifests (data, DSL, versions, seeds,
 * parameters, times), then every verdict and every number that changed, read
 * from the machine-readable outputs the kernel emits beside its tables
 * (evaluations, comparisons, drift). Verdicts decide the exit status.
 */
import { OPERATIONAL_METRICS } from "../plan/catalogue";
import { NEEDLAB_COMPARISON_MIME, NEEDLAB_DRIFT_MIME, NEEDLAB_EVALUATION_MIME } from "../stdlib/mime";
import type { Notebook } from "./notebook";
import { provenanceOf } from "./provenance";

type Scalar = string | number | boolean | null;

interface VerdictEntry {
  text: string;
  level: string;
  status: string;
  measured: number | null;
  low: number | null;
  high: number | null;
}

/** A notebook's results, each under a key saying where it came from ("dataset · needs · model · ..."). */
export interface Results {
  verdicts: Map<string, VerdictEntry>;
  values: Map<string, Scalar>;
}

/** Every scalar leaf of a JSON value, by its dotted path; arrays of named things keyed by their name. */
export function flatten(value: unknown, prefix: string, out: Map<string, Scalar> = new Map()): Map<string, Scalar> {
  if (value === null || typeof value !== "object") {
    out.set(prefix, value === undefined ? null : (value as Scalar));
    return out;
  }
  const join = (k: string) => (prefix ? `${prefix}.${k}` : k);
  if (Array.isArray(value))
    value.forEach((v, i) => {
      const o = (v ?? {}) as Record<string, unknown>;
      const name = o.dataset ?? o.model ?? o.column ?? (o.cell !== undefined ? `cell ${o.cell}` : undefined);
      flatten(v, join(typeof v === "object" && name !== undefined ? `[${String(name)}]` : `[${i}]`), out);
    });
  else for (const [k, v] of Object.entries(value)) flatten(v, join(k), out);
  return out;
}

const bundles = (nb: Notebook) =>
  nb.cells.flatMap((c) =>
    (c.outputs ?? []).flatMap((o) =>
      o.output_type === "display_data" || o.output_type === "execute_result" ? [o.data as Record<string, unknown>] : [],
    ),
  );

/** The notebook's verdicts and numbers; a key seen again (a model evaluated twice) gets its occurrence, "(2)". */
export function resultsOf(nb: Notebook): Results {
  const verdicts = new Map<string, VerdictEntry>();
  const values = new Map<string, Scalar>();
  const seen = new Map<string, number>();
  const unique = (key: string) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key} (${n})`;
  };
  const under = (base: string, value: unknown) => {
    for (const [k, v] of flatten(value, "")) values.set(`${base} · ${k}`, v);
  };
  for (const data of bundles(nb)) {
    const evaluation = data[NEEDLAB_EVALUATION_MIME] as
      | {
          dataset: string;
          needs: string;
          models: ({ model: string; verdicts: (VerdictEntry & { need: string })[] } & object)[];
        }
      | undefined;
    for (const m of evaluation?.models ?? []) {
      const base = unique(`${evaluation!.dataset} · ${evaluation!.needs} · ${m.model}`);
      const { verdicts: vs, model: _model, ...numbers } = m;
      under(base, numbers);
      for (const v of vs ?? []) {
        const { need, ...entry } = v;
        verdicts.set(`${base} · ${need}`, entry);
      }
    }
    const comparison = data[NEEDLAB_COMPARISON_MIME] as
      { dataset: string; needs: string; ranking: { model: string }[] } | undefined;
    if (comparison) {
      const base = unique(`compare ${comparison.dataset} · ${comparison.needs}`);
      values.set(`${base} · order`, comparison.ranking.map((r) => r.model).join(", "));
      under(base, { ranking: comparison.ranking });
    }
    const drift = data[NEEDLAB_DRIFT_MIME] as { dataset: string; file: string; columns: unknown[] } | undefined;
    if (drift) under(unique(`drift ${drift.dataset} · ${drift.file}`), drift.columns);
  }
  return { verdicts, values };
}

/** Enough digits to tell two different numbers apart, and no more than six when they agree that far. */
function pair(a: Scalar | undefined, b: Scalar | undefined): [string, string] {
  const show = (v: Scalar | undefined, digits: number) =>
    v === undefined ? "(absent)" : typeof v === "number" ? String(Number(v.toPrecision(digits))) : String(v);
  for (let digits = 4; digits < 17; digits++) {
    const [x, y] = [show(a, digits), show(b, digits)];
    if (x !== y) return [x, y];
  }
  return [show(a, 17), show(b, 17)];
}

const changed = (key: string, a: Scalar | undefined, b: Scalar | undefined) => {
  const [x, y] = pair(a, b);
  const delta = typeof a === "number" && typeof b === "number" ? ` (${b - a > 0 ? "+" : ""}${pair(0, b - a)[1]})` : "";
  return `  ${key}: ${x} → ${y}${delta}`;
};

/** Measured by the clock (training time, latency): expected to differ from run to run. */
const DURATIONS = Object.entries(OPERATIONAL_METRICS)
  .filter(([, unit]) => unit === "duration")
  .map(([m]) => m);
const isTimed = (text: string) => DURATIONS.some((m) => text.startsWith(m));

export interface Diff {
  text: string;
  verdictsDiffer: boolean;
}

function diffMaps<T>(a: Map<string, T>, b: Map<string, T>, same: (x: T, y: T) => boolean): string[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  return keys.filter((k) => !(a.has(k) && b.has(k) && same(a.get(k)!, b.get(k)!)));
}

export function diffNotebooks(a: Notebook, b: Notebook): Diff {
  const lines: string[] = [];
  const [ma, mb] = [provenanceOf(a), provenanceOf(b)];
  lines.push("manifest");
  if (!ma || !mb)
    lines.push(
      `  ${!ma && !mb ? "neither notebook has" : `${!ma ? "A" : "B"} has no`} provenance manifest (run it with needlab run)`,
    );
  else {
    const [fa, fb] = [flatten(ma, ""), flatten(mb, "")];
    const keys = diffMaps(fa, fb, (x, y) => x === y);
    lines.push(...(keys.length ? keys.map((k) => changed(k, fa.get(k), fb.get(k))) : ["  the same"]));
  }
  const [ra, rb] = [resultsOf(a), resultsOf(b)];
  const statusOf = (v?: VerdictEntry) => (v ? v.status : undefined);
  const verdictKeys = diffMaps(ra.verdicts, rb.verdicts, (x, y) => x.status === y.status && x.text === y.text);
  const differ = verdictKeys.filter((k) => statusOf(ra.verdicts.get(k)) !== statusOf(rb.verdicts.get(k))).length;
  lines.push("verdicts");
  for (const k of verdictKeys) {
    const [va, vb] = [ra.verdicts.get(k), rb.verdicts.get(k)];
    const need = va && vb && va.text !== vb.text ? `${va.text} → ${vb.text}` : (va ?? vb)!.text;
    lines.push(`  ${k} (${(va ?? vb)!.level} ${need}): ${statusOf(va) ?? "(absent)"} → ${statusOf(vb) ?? "(absent)"}`);
  }
  if (!verdictKeys.length) lines.push(`  the same (${ra.verdicts.size})`);
  // A verdict's measured value and interval are numbers like the others; the clock's go apart.
  const numbers = (r: Results) => {
    const all = new Map(r.values);
    for (const [k, v] of r.verdicts) {
      const need = isTimed(v.text) ? `${k} [timed]` : k;
      for (const f of ["measured", "low", "high"] as const) all.set(`${need} · ${f}`, v[f]);
    }
    return all;
  };
  const [na, nb] = [numbers(ra), numbers(rb)];
  const numberKeys = diffMaps(na, nb, (x, y) => x === y);
  lines.push("metrics");
  lines.push(...(numberKeys.length ? numberKeys.map((k) => changed(k, na.get(k), nb.get(k))) : ["  the same"]));
  lines.push(
    differ
      ? `${differ} verdict${differ === 1 ? " differs" : "s differ"}`
      : `no verdict differs (${ra.verdicts.size} compared)${numberKeys.length ? `; ${numberKeys.length} number(s) changed` : ""}`,
  );
  return { text: lines.join("\n"), verdictsDiffer: differ > 0 };
}
