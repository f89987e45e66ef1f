/**
 * A console and a tslab notebook, through jupyter_client: is_complete while
 * a `%%needs` cell is typed line by line (incomplete until a blank line ends
 * it, without loading the DSL parser), tslab's display API published as
 * display_data with each MIME type, and updates that keep their display id.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { dslCompleteness } from "../../kernel/completeness";
import { requireTool, systemPython } from "../helpers/tools";

const ROOT = path.resolve(__dirname, "..", "..");
const py = systemPython(["jupyter_client"]);
type Msg = { type: string; content: { data: Record<string, string>; transient?: { display_id?: string } } };
type Exec = { reply: { status: string }; outputs: Msg[] };
let res: Record<string, unknown>;

beforeAll(() => {
  if (!py) return;
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-console-"));
  expect(
    spawnSync(process.execPath, [path.join(ROOT, "bin", "needlab.js"), "install", "--prefix", prefix]).status,
  ).toBe(0);
  const r = spawnSync(py, [path.join(__dirname, "jupyter_client_console.py"), "needlab"], {
    cwd: prefix,
    encoding: "utf8",
    timeout: 170_000,
    env: { ...process.env, JUPYTER_PATH: path.join(prefix, "share", "jupyter") },
  });
  expect(r.status, r.stderr).toBe(0);
  res = JSON.parse(r.stdout);
  fs.rmSync(prefix, { recursive: true, force: true });
}, 200_000);

describe("is_complete for a typed %%needs cell", () => {
  it("judges each line as it is typed, by brackets and a closing blank line", () => {
    expect(dslCompleteness("%%needs")).toEqual({ status: "incomplete", indent: "" });
    expect(dslCompleteness("%%needs\n")).toEqual({ status: "incomplete", indent: "" });
    expect(dslCompleteness("%%needs\nneeds n {\n  must recall >= 0.5")).toEqual({ status: "incomplete", indent: "  " });
    expect(dslCompleteness("%%needs\nmodel m: dense {\n  layer 8 [")).toEqual({ status: "incomplete", indent: "    " });
    expect(dslCompleteness("%%needs\nneeds n {\n\n")).toEqual({ status: "incomplete", indent: "  " });
    expect(dslCompleteness("%%needs\ntrain m on d")).toEqual({ status: "incomplete", indent: "" });
    expect(dslCompleteness("%%needs\ntrain m on d\n")).toEqual({ status: "complete" });
    expect(dslCompleteness("%%needs\ntrain m on d\n  \n")).toEqual({ status: "complete" });
    // Braces inside strings and comments do not count; a string cannot span lines.
    expect(dslCompleteness('%%needs\ndataset d { source "a{.csv" } # }\n')).toEqual({ status: "complete" });
    expect(dslCompleteness('%%needs\ndataset d { source "a.csv\n')).toEqual({ status: "invalid" });
    expect(dslCompleteness("%%needs\n}\n")).toEqual({ status: "invalid" });
  });

  it("answers the console's sequence through the kernel without loading the DSL parser", () => {
    if (!requireTool("python3 with jupyter_client", py, "apt-get install jupyter-client")) return;
    expect(res.is_complete).toEqual([
      { status: "incomplete", indent: "" },
      { status: "incomplete", indent: "  " },
      { status: "incomplete", indent: "  " },
      { status: "incomplete", indent: "" },
      { status: "complete" },
      { status: "invalid" },
    ]);
    // The round trips are measured by `npm run bench`; here: the parser (seconds to start) stayed unloaded.
    expect((res.parser_loaded as Msg[]).map((m) => m.content.data["text/plain"])).toEqual(["false"]);
  });
});

describe("tslab's display API through the kernel", () => {
  it("publishes each MIME type as display_data", () => {
    if (!py) return;
    const cell = res.tslab_display as Exec;
    expect(cell.reply.status).toBe("ok");
    expect(cell.outputs.map((m) => m.type)).toEqual(Array(11).fill("display_data"));
    expect(
      cell.outputs.map((m) => Object.keys(m.content.data).find((k) => k !== "text/plain") ?? "text/plain"),
    ).toEqual([
      "text/html",
      "text/markdown",
      "text/javascript",
      "image/svg+xml",
      "text/latex",
      "text/plain",
      "image/png",
      "image/jpeg",
      "image/gif",
      "application/pdf",
      "text/csv",
    ]);
    expect(cell.outputs[0].content.data["text/html"]).toBe("<b>x</b>");
    expect(cell.outputs[6].content.data["image/png"]).toMatch(/^iVBORw0KGgo/);
    expect(cell.outputs[9].content.data["application/pdf"]).toBe(Buffer.from("%PDF").toString("base64"));
  });

  it("updates a newDisplay() in place under one display id", () => {
    if (!py) return;
    const cell = res.tslab_new_display as Exec;
    expect(cell.reply.status).toBe("ok");
    const id = cell.outputs[0].content.transient?.display_id;
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(cell.outputs.map((m) => [m.type, m.content.transient?.display_id, m.content.data])).toEqual([
      ["display_data", id, { "text/html": "<i>0%</i>", "text/plain": "0%" }],
      ["update_display_data", id, { "text/html": "<i>50%</i>", "text/plain": "50%" }],
      ["update_display_data", id, { "text/plain": "done" }],
    ]);
  });

  it("keeps needlab's HTML display HTML when updated, and gives its own newDisplay()", () => {
    if (!py) return;
    const cell = res.needlab_html_update as Exec;
    expect(cell.reply.status).toBe("ok");
    const [html, update, svg, markdown] = cell.outputs;
    expect([html.type, update.type, svg.type, markdown.type]).toEqual([
      "display_data",
      "update_display_data",
      "display_data",
      "update_display_data",
    ]);
    expect(update.content.transient?.display_id).toBe(html.content.transient?.display_id);
    expect(update.content.data).toEqual({ "text/html": "<b>1</b>", "text/plain": "1" });
    expect(markdown.content.transient?.display_id).toBe(svg.content.transient?.display_id);
    expect(markdown.content.data).toEqual({ "text/markdown": "*1*", "text/plain": "*1*" });
  });
});
