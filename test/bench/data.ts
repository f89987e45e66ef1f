/**
 * Data in: reading and preparing a CSV, needlab against pandas 1.5 +
 * scikit-learn 1.2 (SimpleImputer, OneHotEncoder, StandardScaler on the same
 * columns, test/bench/data_pandas.py), run alternately in fresh processes so
 * a noisy shared machine slows both alike; ratios of time and of peak RSS
 * (min / median / max over the pairs). Then needlab alone at 1, 2, 5 and
 * 10 million rows, to show time growing linearly and memory staying small.
 *
 * Not a test: it prints, it asserts nothing. Skips, saying so, where Debian's
 * python3 with pandas and scikit-learn, or ../shared/data, is absent.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { writeCreditApplicants } from "../../stdlib/synth/credit";

type Report = (what: string, value: string) => void;
interface Run {
  seconds: number;
  peak_mb: number;
  features: number;
}

const PAIRS = Number(process.env.NEEDLAB_BENCH_PAIRS ?? 5);

function run(cmd: string, args: string[]): Run | string {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 20 });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  return r.status === 0 && line.startsWith("{")
    ? (JSON.parse(line) as Run)
    : `${r.stderr.trim() || line}`.slice(0, 300);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0].toFixed(2)} / ${s[Math.floor(s.length / 2)].toFixed(2)} / ${s[s.length - 1].toFixed(2)}`;
};

function findPython(): string | undefined {
  for (const py of ["/usr/bin/python3", "python3"]) {
    const r = spawnSync(py, ["-c", "import pandas, sklearn"], { encoding: "utf8" });
    if (r.status === 0) return py;
  }
  return undefined;
}

/** Writes `copies` times the data rows of `source` (one header) to `target`, streaming. */
function repeatRows(source: string, target: string, copies: number): void {
  const text = fs.readFileSync(source, "utf8");
  const cut = text.indexOf("\n") + 1;
  const fd = fs.openSync(target, "w");
  fs.writeSync(fd, text.slice(0, cut));
  const body = Buffer.from(text.slice(cut));
  for (let i = 0; i < copies; i++) fs.writeSync(fd, body);
  fs.closeSync(fd);
}

export async function benchData(report: Report, tmp: string, packageRoot: string): Promise<void> {
  const child = path.join(packageRoot, "dist", "test", "bench", "data-child.js");
  const peer = path.join(packageRoot, "test", "bench", "data_pandas.py");
  const credit = path.join(tmp, "credit-1m.csv");
  writeCreditApplicants(credit, { rows: 1_000_000, seed: 1 });
  const adult = path.resolve(packageRoot, "..", "shared", "data", "adult_train.csv");
  const cases: { name: string; file: string; needlab: string[]; pandas: string[] }[] = [
    {
      name: "1,000,000 synthetic applicants",
      file: credit,
      needlab: ["default", "bad", "applicant_id"],
      pandas: ["default", "applicant_id"],
    },
  ];
  if (fs.existsSync(adult))
    cases.push({
      name: "Adult (32,561 rows)",
      file: adult,
      needlab: ["income", ">50K", "--na", "?"],
      pandas: ["income", "--na", "?"],
    });
  else report("data: Adult", `skipped: ${adult} is absent`);

  const py = findPython();
  if (!py)
    report(
      "data: pandas + scikit-learn",
      "skipped: no python3 with pandas and sklearn (apt-get install python3-pandas python3-sklearn)",
    );
  for (const c of py ? cases : []) {
    const python = py!;
    const time: number[] = [],
      memory: number[] = [];
    let last: [Run, Run] | undefined;
    for (let i = 0; i < PAIRS; i++) {
      // Alternate which goes first, so neither always meets the busier moment.
      const order = i % 2 === 0 ? ["n", "p"] : ["p", "n"];
      const got: Record<string, Run | string> = {};
      for (const who of order)
        got[who] =
          who === "n" ? run(process.execPath, [child, c.file, ...c.needlab]) : run(python, [peer, c.file, ...c.pandas]);
      if (typeof got.n === "string" || typeof got.p === "string") {
        report(`data: ${c.name}`, `failed: ${typeof got.n === "string" ? got.n : got.p}`);
        break;
      }
      time.push(got.n.seconds / got.p.seconds);
      memory.push(got.n.peak_mb / got.p.peak_mb);
      last = [got.n, got.p];
    }
    if (!last) continue;
    report(
      `data: ${c.name}, read + prepare, needlab / pandas+sklearn time (min/med/max of ${time.length})`,
      `${stats(time)}  (last: ${last[0].seconds.toFixed(2)} s vs ${last[1].seconds.toFixed(2)} s, ${last[0].features} vs ${last[1].features} features)`,
    );
    report(
      `data: ${c.name}, peak RSS ratio needlab / pandas+sklearn`,
      `${stats(memory)}  (last: ${last[0].peak_mb.toFixed(0)} MB vs ${last[1].peak_mb.toFixed(0)} MB)`,
    );
  }

  // Scale: the same rows repeated, needlab alone, one fresh process per size.
  let perMillion: number | undefined;
  for (const millions of [1, 2, 5, 10]) {
    const file = millions === 1 ? credit : path.join(tmp, `credit-${millions}m.csv`);
    if (millions > 1) repeatRows(credit, file, millions);
    const r = run(process.execPath, ["--max-old-space-size=4096", child, file, "default", "bad", "applicant_id"]);
    if (millions > 1) fs.rmSync(file, { force: true });
    if (typeof r === "string") {
      report(`data: ${millions}M rows, read + prepare`, `failed: ${r}`);
      break;
    }
    perMillion ??= r.seconds;
    report(
      `data: ${millions}M rows, read + prepare (needlab alone)`,
      `${r.seconds.toFixed(1)} s (${(r.seconds / millions).toFixed(2)} s per million rows, ${((r.seconds / millions / perMillion) * 100).toFixed(0)}% of 1M's), peak RSS ${r.peak_mb.toFixed(0)} MB`,
    );
  }
}

// `node dist/test/bench/data.js`: this part of the bench alone.
if (require.main === module) {
  const os = require("node:os") as typeof import("node:os");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-bench-data-"));
  benchData(
    (what, value) => process.stdout.write(`${what.padEnd(66)} ${value}\n`),
    tmp,
    path.resolve(__dirname, "..", "..", ".."),
  )
    .finally(() => fs.rmSync(tmp, { recursive: true, force: true }))
    .catch((e) => {
      process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
      process.exitCode = 1;
    });
}
