/**
 * `needlab generate` writes the same files the generators give in a cell:
 * intents and both periods of the headlines, and refuses an unknown kind
 * naming the ones it knows.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { toCsv } from "../../stdlib/synth/credit";
import { generateHeadlines, HEADLINE_PERIODS } from "../../stdlib/synth/headlines";
import { generateIntentMessages } from "../../stdlib/synth/intents";

const CLI = path.resolve(__dirname, "..", "..", "bin", "needlab.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-generate-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const generate = (...args: string[]) => spawnSync(process.execPath, [CLI, "generate", ...args], { encoding: "utf8" });
const csv = (g: { columns: readonly string[]; rows: (string | number | null)[][] }) => toCsv(g.columns, g.rows);

describe("needlab generate", () => {
  it("intents: the messages of generateIntentMessages, with --rows and --seed", () => {
    const out = path.join(tmp, "messages.csv");
    const r = generate("intents", "--rows", "500", "--seed", "8", "--out", out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote 500 rows \(\d+ bytes\) to /);
    expect(fs.readFileSync(out, "utf8")).toBe(csv(generateIntentMessages({ rows: 500, seed: 8 })));
  });

  it("headlines: the training period, or with --monitoring the period with the spike", () => {
    const train = path.join(tmp, "headlines.csv"),
      next = path.join(tmp, "next.csv");
    expect(generate("headlines", "--out", train).status).toBe(0);
    expect(generate("headlines", "--monitoring", "--out", next).status).toBe(0);
    expect(fs.readFileSync(train, "utf8")).toBe(csv(generateHeadlines(HEADLINE_PERIODS.training)));
    expect(fs.readFileSync(next, "utf8")).toBe(csv(generateHeadlines(HEADLINE_PERIODS.monitoring)));
    expect(fs.readFileSync(next, "utf8")).toContain("2025-04-14");
  });

  it("refuses an unknown kind, naming those it makes (exit 2)", () => {
    const r = generate("patient", "--out", path.join(tmp, "x.csv"));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "unknown kind 'patient'; did you mean 'patients'? The synthetic data needlab makes are credit, patients, intents, headlines.",
    );
    expect(fs.existsSync(path.join(tmp, "x.csv"))).toBe(false);
  });
});
