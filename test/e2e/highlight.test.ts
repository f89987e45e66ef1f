/**
 * Syntax highlighting of %%needs cells in the classic Jupyter Notebook
 * (Debian's jupyter-notebook), seen in a real browser: the kernelspec's
 * kernel.js gives DSL cells the DSL's colours and leaves TypeScript cells
 * to TypeScript highlighting.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { installKernelspec } from "../../kernel/kernelspec";
import { NOTEBOOK_SERVER, startNotebookServer } from "../helpers/notebook-server";
import { CHROMIUM_FLAGS, chromiumPath, requireTool } from "../helpers/tools";

let tmp: string;
let server: ChildProcess | undefined;
let port = 0;
const NOTEBOOK = NOTEBOOK_SERVER;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-highlight-"));
  if (!fs.existsSync(NOTEBOOK)) return;
  installKernelspec({ prefix: tmp });
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "needlab", display_name: "needlab", language: "typescript" } },
    cells: [
      {
        cell_type: "code",
        metadata: {},
        execution_count: null,
        outputs: [],
        source:
          '%%needs\nneeds lending {\n  must recall >= 0.8 on class "bad"  # why it matters\n}\nmodel m: dense { layer 8 relu epochs 20 }',
      },
      { cell_type: "code", metadata: {}, execution_count: null, outputs: [], source: "const limit: number = 0.8;" },
    ],
  };
  fs.writeFileSync(path.join(tmp, "study.ipynb"), JSON.stringify(nb));
  ({ server, port } = await startNotebookServer(tmp));
}, 60_000);

afterAll(() => {
  server?.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("highlighting in the classic Notebook", () => {
  it("colours %%needs cells with the DSL mode and TypeScript cells as TypeScript", async () => {
    if (!requireTool("jupyter-notebook", fs.existsSync(NOTEBOOK), "apt-get install jupyter-notebook")) return;
    const exe = chromiumPath();
    if (!requireTool("chromium", exe, "apt-get install chromium")) return;
    const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_FLAGS });
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(e.message));
      const kernelJs = page.waitForResponse((r) => r.url().includes("/kernelspecs/needlab/kernel.js"));
      await page.goto(`http://127.0.0.1:${port}/notebooks/study.ipynb`);
      expect((await kernelJs).status()).toBe(200);
      await page.waitForSelector(".cell .CodeMirror .cm-builtin", { timeout: 30_000 });
      // TypeScript highlighting comes with the kernel's kernel_info_reply (language_info).
      await page.waitForSelector(".cell:nth-child(2) .CodeMirror .cm-keyword", { timeout: 30_000 });
      const tokens = await page.evaluate(() =>
        Array.from(document.querySelectorAll(".cell .CodeMirror-code")).map((code) =>
          Array.from(code.querySelectorAll("span[class^='cm-'], span[class*=' cm-']")).map((s) => [
            s.className.replace(/cm-/g, "").trim(),
            s.textContent,
          ]),
        ),
      );
      const [dsl, ts] = tokens;
      expect(dsl).toEqual(
        expect.arrayContaining([
          ["magic", "%%needs"],
          ["keyword", "needs"],
          ["keyword", "must"],
          ["builtin", "recall"],
          ["operator", ">="],
          ["number", "0.8"],
          ["keyword", "on"],
          ["keyword", "class"],
          ["string", '"bad"'],
          ["comment", "# why it matters"],
          ["keyword", "model"],
          ["builtin", "dense"],
          ["keyword", "layer"],
          ["number", "8"],
          ["builtin", "relu"],
          ["keyword", "epochs"],
        ]),
      );
      expect(ts).toEqual(
        expect.arrayContaining([
          ["keyword", "const"],
          ["def", "limit"],
          ["number", "0.8"],
        ]),
      );
      expect(ts.some(([cls]) => cls === "builtin")).toBe(false);
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
