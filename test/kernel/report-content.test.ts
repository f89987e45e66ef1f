/**
 * What the report keeps from a reader, piece by piece: run notes, this
 * machine's paths, tables a later cell repeats, and template placeholders.
 */
import { describe, expect, it } from "vitest";
import {
  markPlaceholders,
  placeholderBanner,
  placeholdersIn,
  relativePaths,
  runNotesBlock,
  separateRunNotes,
  ShownOnce,
} from "../../kernel/report-content";

describe("run notes", () => {
  it("takes needlab's own log lines out of a stream and keeps the rest in order", () => {
    expect(separateRunNotes("needlab: TensorFlow.js backend wasm: WebAssembly\nepoch 1\nepoch 2\n")).toEqual({
      shown: "epoch 1\nepoch 2\n",
      notes: ["needlab: TensorFlow.js backend wasm: WebAssembly"],
    });
    expect(separateRunNotes("a needlab: in the middle is the study's own text")).toEqual({
      shown: "a needlab: in the middle is the study's own text",
      notes: [],
    });
  });

  it("collects notes once, in a collapsed block, escaped", () => {
    expect(runNotesBlock([])).toBe("");
    expect(runNotesBlock(["needlab: a <b>", "needlab: a <b>", "needlab: c"])).toBe(
      '<details class="run-notes"><summary>Notes on this run (2)</summary><pre>needlab: a &lt;b&gt;\nneedlab: c</pre></details>',
    );
  });
});

describe("paths", () => {
  it("writes the notebook's folder and what is under it relative to the notebook", () => {
    const dir = "/home/ada/clients/acme";
    expect(relativePaths(`Folder: ${dir}/models/mlp; data ${dir}/data.csv; here ${dir}.`, dir)).toBe(
      "Folder: models/mlp; data data.csv; here ..",
    );
    expect(relativePaths(`${dir}-old/x and ${dir}2`, dir)).toBe(`${dir}-old/x and ${dir}2`);
    expect(relativePaths(`${dir}/x`, `${dir}/`)).toBe("x");
    expect(relativePaths(`${dir}/x`, undefined)).toBe(`${dir}/x`);
  });
});

describe("tables shown once", () => {
  it("skips a needlab verdict or metrics table seen word for word before, and nothing else", () => {
    const once = new ShownOnce();
    const verdicts = '<table class="needlab-verdicts" style="x"><tr><td>a</td></tr></table>';
    const other = '<table style="x"><caption>Exported mlp</caption></table>';
    expect([verdicts, verdicts, verdicts.replace("a", "b"), other, other].map((h) => once.first(h))).toEqual([
      true,
      false,
      true,
      true,
      true,
    ]);
  });
});

describe("template placeholders", () => {
  const md = '# <Study title>\n\nFor <client name>, see <b>this</b>, <span style="x">that</span> and <br/>.\n<Details>';
  it("finds angle-bracketed words that are not HTML", () => {
    expect(placeholdersIn(md)).toEqual(["<Study title>", "<client name>"]);
  });

  it("marks them visibly and leaves real HTML alone", () => {
    expect(markPlaceholders(md)).toBe(
      '# <mark class="placeholder" title="a template placeholder: replace it in the notebook">&lt;Study title&gt;</mark>\n\n' +
        'For <mark class="placeholder" title="a template placeholder: replace it in the notebook">&lt;client name&gt;</mark>, ' +
        'see <b>this</b>, <span style="x">that</span> and <br/>.\n<Details>',
    );
  });

  it("lists them in a banner, or says nothing when there are none", () => {
    expect(placeholderBanner([])).toBe("");
    expect(placeholderBanner(["<Study title>"])).toBe(
      '<div class="placeholders" role="alert">This report still has 1 template placeholder (<code>&lt;Study title&gt;</code>): replace it in the notebook and run it again.</div>',
    );
  });
});
