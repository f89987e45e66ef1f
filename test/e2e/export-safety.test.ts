/**
 * A study whose data is hostile: a personal column (`pii email`), a column
 * name, a positive class and a stakeholder's reason that are HTML payloads.
 * Run through the real CLI: the export folder survives 20 seeded SIGKILLs
 * entirely old or entirely new; no e-mail address appears in any file needlab
 * wrote; the report and the model card (rendered by markdown-it with raw HTML
 * allowed, as a reader's tool might) run no script in headless Chromium.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import MarkdownIt from "markdown-it";
import { beforeAll, describe, expect, it } from "vitest";
import { killTrials, runCli, seeded } from "../helpers/kill";
import { withPage } from "../helpers/browser";

const TRIALS = 20;
const EXPORT_FILES = ["evaluation.json", "model-card.md", "model.json", "preprocessing.json", "weights.bin"];
let dir: string;
const emails: string[] = [];

const notebookFor = (seed: number) =>
  JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: "code",
          metadata: {},
          outputs: [],
          execution_count: null,
          source: `%%needs
needs n {
  must accuracy >= 0.5 because "<img src=x onerror=window.__xss=3>"
}
dataset people {
  source "people.csv"
  target label positive "<script>window.__xss=2</script>"
  pii email
  seed 1
}
model m: logistic_regression { optimizer adam epochs 2 seed ${seed} }
train m on people
evaluate m against n
export m to "models/m"
`,
        },
      ],
    },
    null,
    1,
  );

/** The export folder's files; the model card's training time and run times (which vary run to run) blanked. */
function snapshot(folder: string): Record<string, string> {
  const files = fs.readdirSync(folder).sort();
  return Object.fromEntries(
    files.map((f) => {
      const text = fs.readFileSync(path.join(folder, f)).toString("base64");
      if (f !== "model-card.md") return [f, text];
      return [
        f,
        fs
          .readFileSync(path.join(folder, f), "utf8")
          .replace(/backend (\w+), [\d.]+ s;/, "backend $1, T s;")
          .replace(/"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/g, '"T"'),
      ];
    }),
  );
}

let oldExport: Record<string, string>, newExport: Record<string, string>, fullMs: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-export-"));
  const random = seeded(3);
  const rows = ['email,age,income,"<img src=x onerror=window.__xss=1>",label'];
  for (let i = 0; i < 200; i++) {
    const age = 18 + Math.floor(random() * 60),
      income = 10 + Math.floor(random() * 90);
    const email = `person${i}.secret@example.org`;
    emails.push(email);
    const positive = age + income + random() * 40 > 110;
    rows.push(
      `${email},${age},${income},${random() < 0.5 ? "a" : "b"},${positive ? "<script>window.__xss=2</script>" : "ok"}`,
    );
  }
  fs.writeFileSync(path.join(dir, "people.csv"), rows.join("\n") + "\n");
  fs.writeFileSync(path.join(dir, "old.ipynb"), notebookFor(2));
  fs.writeFileSync(path.join(dir, "new.ipynb"), notebookFor(1));
  const before = await runCli(["run", "old.ipynb"], dir);
  expect(before.code, before.stderr).toBe(0);
  oldExport = snapshot(path.join(dir, "models/m"));
  const full = await runCli(["run", "new.ipynb", "--html", "new.html"], dir);
  expect(full.code, full.stderr).toBe(0);
  newExport = snapshot(path.join(dir, "models/m"));
  fullMs = full.ms;
}, 300_000);

describe("export under SIGKILL", () => {
  it("writes exactly the export's files, and the two seeds give different weights", () => {
    expect(Object.keys(newExport)).toEqual(EXPORT_FILES);
    expect(oldExport["weights.bin"]).not.toBe(newExport["weights.bin"]);
  });

  it(`is entirely old or entirely new after each of ${TRIALS} kills`, async () => {
    const target = path.join(dir, "models/m");
    const backup = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-export-old-"));
    let midWrite = 0;
    // The old export, kept aside to put back before each trial.
    for (const [f, v] of Object.entries(oldExport))
      if (f !== "model-card.md") fs.writeFileSync(path.join(backup, f), Buffer.from(v, "base64"));
    fs.writeFileSync(path.join(backup, "model-card.md"), oldExport["model-card.md"]);
    const r = await killTrials({
      args: ["run", "new.ipynb"],
      cwd: dir,
      trials: TRIALS,
      seed: 14,
      fullMs,
      write: { dir: path.join(dir, "models"), pattern: /^\.m\.new-/, writeMs: 30 },
      restore: () => {
        // A killed export leaves its half-written sibling folder: counted, then removed.
        const left = fs.readdirSync(path.join(dir, "models")).filter((f) => f.startsWith(".m.new-"));
        if (left.length) midWrite++;
        for (const f of left) fs.rmSync(path.join(dir, "models", f), { recursive: true });
        fs.rmSync(target, { recursive: true, force: true });
        fs.cpSync(backup, target, { recursive: true });
      },
      judge: () => {
        const now = snapshot(target);
        if (JSON.stringify(now) === JSON.stringify(oldExport)) return "old";
        if (JSON.stringify(now) === JSON.stringify(newExport)) return "new";
        throw new Error(`the export folder is torn: ${JSON.stringify(Object.keys(now))}`);
      },
    });
    console.log(`export: ${r.killed}/${TRIALS} killed, ${midWrite} while writing; ${JSON.stringify(r.outcomes)}`);
    expect(r.killed).toBeGreaterThanOrEqual(TRIALS / 2);
  }, 900_000);
});

describe("a study on hostile data", () => {
  it("writes no personal value anywhere: notebooks, report, export", () => {
    const written = ["new.executed.ipynb", "new.html", ...EXPORT_FILES.map((f) => `models/m/${f}`)];
    for (const f of written) {
      const text = fs.readFileSync(path.join(dir, f), "utf8");
      expect(text.length).toBeGreaterThan(0);
      for (const e of emails) expect(text.includes(e), `${f} holds ${e}`).toBe(false);
      expect(text).not.toContain("secret@example.org");
    }
  });

  it("runs no script in the report or in the model card rendered with raw HTML allowed", async () => {
    const card = fs.readFileSync(path.join(dir, "models/m/model-card.md"), "utf8");
    // The payloads are there, as text.
    expect(card).toContain("&lt;script&gt;window.\\_\\_xss=2&lt;/script&gt;");
    expect(card).toContain("&lt;img src=x onerror=window.\\_\\_xss=1&gt;");
    const cardHtml = path.join(dir, "card.html");
    fs.writeFileSync(
      cardHtml,
      `<!DOCTYPE html><html><body>${new MarkdownIt({ html: true }).render(card)}</body></html>`,
    );
    for (const page of [cardHtml, path.join(dir, "new.html")]) {
      await withPage(`file://${page}`, async ({ page: p, pageErrors }) => {
        await p.waitForTimeout(300);
        expect(await p.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
        expect(await p.locator("script:not([src])").evaluateAll((s) => s.map((e) => e.textContent))).not.toContain(
          "window.__xss=2",
        );
        expect(await p.locator("img[onerror]").count()).toBe(0);
        expect(pageErrors).toEqual([]);
        expect(await p.textContent("body")).toContain("<script>window.__xss=2</script>");
      });
    }
  }, 120_000);
});
