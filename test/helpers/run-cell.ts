/**
 * One cell through a kernel session, as the kernel tests drive it: the
 * outcome, every output, and the text a reader sees (streams, error values
 * and each display's text/plain, one per line).
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { OutputCollector } from "../../kernel/notebook";
import type { Session } from "../../kernel/session";

export async function runCell(session: Session, code: string) {
  const out = new OutputCollector(1);
  const outcome = await session.execute(code, out);
  const text = out.outputs
    .map((o) =>
      o.output_type === "stream" ? o.text : o.output_type === "error" ? o.evalue : String(o.data["text/plain"] ?? ""),
    )
    .join("\n");
  return { outcome, outputs: out.outputs, text };
}

/** The first display's data of one MIME type among a cell's outputs. */
export const mimeData = (outputs: Awaited<ReturnType<typeof runCell>>["outputs"], mime: string) =>
  outputs.flatMap((o) => (o.output_type === "display_data" && o.data[mime] ? [o.data[mime]] : []))[0] as
    Record<string, unknown> | undefined;

let values = 0;

/** The value of a TypeScript expression in the session, passed out as JSON through a file in `dir`. */
export async function cellValue<T>(session: Session, dir: string, expr: string): Promise<T> {
  const file = path.join(dir, `value-${++values}.json`);
  const r = await runCell(
    session,
    `require("node:fs").writeFileSync(${JSON.stringify(file)}, JSON.stringify(${expr}))`,
  );
  expect(r.outcome, r.text).toEqual({ status: "ok" });
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}
