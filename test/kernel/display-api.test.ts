/**
 * needlab's display and tslab's, in a session: each MIME shortcut shows its
 * type with a text fallback, updates keep the type they were shown with, and
 * `import * as tslab from "tslab"` displays in the running cell.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "../../kernel/session";
import { OutputCollector } from "../../kernel/notebook";

let dir: string;
let session: Session;

async function run(code: string) {
  const out = new OutputCollector(1);
  const outcome = await session.execute(code, out);
  return { outcome, outputs: out.outputs as { output_type: string; data?: Record<string, unknown> }[] };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-display-"));
  session = new Session(dir);
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

describe("tslab's display in needlab", () => {
  it("shows each MIME type of tslab.display in the cell", async () => {
    const r = await run(`import * as tslab from "tslab";
const png = Buffer.from("${PNG_BASE64}", "base64");
tslab.display.html("<b>x</b>");
tslab.display.markdown("**m**");
tslab.display.javascript("console.log(1)");
tslab.display.svg("<svg></svg>");
tslab.display.latex("$x^2$");
tslab.display.text("plain");
tslab.display.png(png);
tslab.display.jpeg(png);
tslab.display.gif(png);
tslab.display.pdf(new Uint8Array([37, 80, 68, 70]));
tslab.display.raw("application/json", '{"a":1}');`);
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.outputs.map((o) => o.output_type)).toEqual(Array(11).fill("display_data"));
    expect(r.outputs.map((o) => o.data)).toEqual([
      { "text/html": "<b>x</b>", "text/plain": "x" },
      { "text/markdown": "**m**", "text/plain": "**m**" },
      { "text/javascript": "console.log(1)", "text/plain": "<text/javascript, 14 bytes>" },
      { "image/svg+xml": "<svg></svg>", "text/plain": "<image/svg+xml, 11 bytes>" },
      { "text/latex": "$x^2$", "text/plain": "$x^2$" },
      { "text/plain": "plain" },
      { "image/png": PNG_BASE64, "text/plain": "<image/png, 70 bytes>" },
      { "image/jpeg": PNG_BASE64, "text/plain": "<image/jpeg, 70 bytes>" },
      { "image/gif": PNG_BASE64, "text/plain": "<image/gif, 70 bytes>" },
      { "application/pdf": Buffer.from("%PDF").toString("base64"), "text/plain": "<application/pdf, 4 bytes>" },
      { "application/json": '{"a":1}', "text/plain": "<application/json, 7 bytes>" },
    ]);
  });

  it("replaces a newDisplay() entry in place, in whichever type each call gives", async () => {
    const r = await run(`import * as tslab from "tslab";
const d = tslab.newDisplay();
d.text("0%");
d.html("<i>50%</i>");
d.text("100%");`);
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.outputs).toEqual([{ output_type: "display_data", data: { "text/plain": "100%" }, metadata: {} }]);
  });
});

describe("needlab's display", () => {
  it("has tslab's MIME shortcuts", async () => {
    const r = await run(`import { display } from "needlab";
display.svg("<svg></svg>");
display.latex("$y$");
display.javascript("1");
display.png(Buffer.from("${PNG_BASE64}", "base64"));
display.raw("text/csv", "a,b");`);
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.outputs.map((o) => o.data)).toEqual([
      { "image/svg+xml": "<svg></svg>", "text/plain": "<image/svg+xml, 11 bytes>" },
      { "text/latex": "$y$", "text/plain": "$y$" },
      { "application/javascript": "1", "text/plain": "<application/javascript, 1 bytes>" },
      { "image/png": PNG_BASE64, "text/plain": "<image/png, 70 bytes>" },
      { "text/csv": "a,b", "text/plain": "<text/csv, 3 bytes>" },
    ]);
  });

  it("keeps an HTML display HTML when it is updated with a string, by handle or by id", async () => {
    const r = await run(`import { display } from "needlab";
const h = display.html("<b>0</b>", { id: "status" });
h.update("<b>1</b>");
const first = JSON.stringify(h.id);
display.update("status", "<b>2</b>");
first`);
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.outputs[0]).toEqual({
      output_type: "display_data",
      data: { "text/html": "<b>2</b>", "text/plain": "2" },
      metadata: {},
    });
  });

  it("shows a newDisplay() the first time and updates it after", async () => {
    const r = await run(`import { display } from "needlab";
const d = display.newDisplay();
d.html("<p>a</p>");
d.html("<p>b</p>");`);
    expect(r.outputs.map((o) => o.data)).toEqual([{ "text/html": "<p>b</p>", "text/plain": "b" }]);
  });
});
