/**
 * One measured run for test/bench/data.ts, in a fresh process so its peak
 * memory is its own: read FILE and prepare it as needlab does, then print
 * one JSON line (seconds, peak RSS in MB, features, rows).
 *
 * usage: node dist/test/bench/data-child.js FILE TARGET POSITIVE [--na X] [DROP ...]
 */
import { loadCsv } from "../../stdlib/data/load";
import { prepare } from "../../stdlib/data/prepare";
import { datasetSpec } from "../../plan/plan";

async function main(): Promise<void> {
  const t0 = performance.now();
  const [file, target, positive, ...rest] = process.argv.slice(2);
  const na = rest[0] === "--na" ? [rest[1]] : [];
  const drop = rest[0] === "--na" ? rest.slice(2) : rest;
  const spec = datasetSpec({
    name: "bench",
    source: file,
    target,
    positive,
    drop,
    missingValues: na,
    split: { train: 0.8, validation: 0, test: 0.2 },
    stratify: false,
    seed: 42,
  });
  const { table } = await loadCsv(file, process.cwd(), spec);
  const read = performance.now();
  const p = prepare(table, spec);
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    JSON.stringify({
      seconds,
      read: (read - t0) / 1000,
      peak_mb: process.resourceUsage().maxRSS / 1024,
      features: p.featureNames.length,
      rows: p.train.n + p.test.n,
    }) + "\n",
  );
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exitCode = 1;
});
