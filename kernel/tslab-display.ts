/**
 * Notebooks written for tslab call `import * as tslab from "tslab"` and
 * `tslab.display.html(...)`. tslab's display writes through one process-wide
 * hook that only tslab's own Jupyter server sets (otherwise: "Not ready");
 * needlab sets that hook to the running cell's output, so tslab's display
 * and needlab's show in the same place.
 */
import type { MimeBundle } from "./display";
import { mimeBundle } from "./mime-bundle";
import type { OutputSink } from "./study/types";

/** What tslab's display hands its hook: a display_data message's content, and whether it updates. */
interface TslabDisplayMessage {
  data: MimeBundle;
  metadata?: Record<string, unknown>;
  transient?: { display_id?: string };
}

/** tslab sends one MIME type per call; a text/plain fallback is added, as needlab's own display does. */
const withFallback = (data: MimeBundle): MimeBundle => {
  const types = Object.keys(data);
  const only = types[0];
  return types.length === 1 && (typeof data[only] === "string" || data[only] instanceof Uint8Array)
    ? mimeBundle(only, data[only] as string)
    : data;
};

/** Points tslab's display at the cell that is running when it is called. */
export function routeTslabDisplay(currentSink: () => OutputSink | undefined): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
  jupyter.lastWriteDisplayData = (message: TslabDisplayMessage, update?: boolean): void => {
    const sink = currentSink();
    if (!sink) throw new Error("tslab's display was called outside a running cell");
    const displayId = message.transient?.display_id;
    sink.display(withFallback(message.data), { ...(displayId ? { displayId } : {}), update: Boolean(update) });
  };
}
