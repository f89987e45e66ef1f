/**
 * One cell through a kernel session, as the kernel tests drive it: the
 * outcome, every output, and the text a reader sees (streams, error values
 * and each display's text/plain, one per line).
 */
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
