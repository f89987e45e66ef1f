/** `export`: each model as a TensorFlow.js model folder with its preprocessing and a model card. */
import path from "node:path";
import { fmtMeasured, keyValueView } from "../../stdlib/views";
import type { TaskEvaluation } from "../../stdlib/tasks";
import { viewBundle } from "../display";
import type { Handler } from "./handler";
import { manifestOf } from "./manifest";

/** exportModel names each kind of evaluation by its own field. */
const evaluationField = (e: TaskEvaluation | undefined) =>
  e ? { [e.task === "binary" ? "evaluation" : e.task]: e } : {};

export const exportModels: Handler<"export"> = async (step, cx) => {
  const { exportModel } = await import("../../stdlib/export/model");
  for (const m of step.models) {
    const t = cx.state.trained.get(m)!;
    const ds = cx.state.datasets.get(t.dataset)!;
    const e = cx.state.evaluations.get(m);
    const dir = path.resolve(cx.baseDir, step.models.length > 1 ? path.join(step.path, m) : step.path);
    const provenance = manifestOf(cx.state, cx.baseDir);
    const written = await exportModel(
      dir,
      { name: m, trained: t, dataset: ds, ...evaluationField(e), provenance },
      cx.baseDir,
    );
    cx.sink.display(
      viewBundle(
        keyValueView(
          `Exported ${m}`,
          written.map((f) => ({ key: path.basename(f.path), value: `${f.what} (${fmtMeasured(f.bytes, "size")})` })),
          [
            // Relative to the notebook: a report or notebook sent to someone else should not carry this machine's paths.
            `Folder: ${path.relative(cx.baseDir, dir) || "."}`,
            ...(e
              ? []
              : [
                  `${m} has not been evaluated, so its model card has no verdicts: run \`evaluate ${m} against NEEDS\` before exporting.`,
                ]),
          ],
        ),
      ),
    );
  }
};
