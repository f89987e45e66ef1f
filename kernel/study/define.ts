/** `param` statements and `needs`, `dataset` and `model` blocks: definitions, which run before every other statement of a cell. */
import { deriveColumns } from "../../stdlib/data/derive";
import { loadCsv, resolveSource } from "../../stdlib/data/load";
import { prepare } from "../../stdlib/data/prepare";
import type { DatasetSpec } from "../../plan/plan";
import { viewBundle } from "../display";
import type { Handler } from "./handler";
import type { Dataset } from "./types";
import { datasetView } from "./views";

/** A notebook parameter: later cells read it as `${name}`, TypeScript cells as a const. */
export const defineParam: Handler<"defineParam"> = (step, { state }) => {
  state.params.set(step.name, step.value);
};

export const defineNeeds: Handler<"defineNeeds"> = (step, { state }) => {
  state.needs.set(step.needs.name, step.needs);
};

export const defineModel: Handler<"defineModel"> = (step, { state }) => state.defineModel(step.model);

export const defineDataset: Handler<"defineDataset"> = async (step, cx) => {
  const ds = await loadDataset(step.dataset, cx.baseDir);
  cx.state.defineDataset(ds);
  cx.sink.display(viewBundle(datasetView(ds)));
};

async function loadDataset(spec: DatasetSpec, baseDir: string): Promise<Dataset> {
  const { frame, table } = await loadCsv(spec.source, baseDir, spec);
  const prepared = prepare(table, spec);
  // Derived columns join the DataFrame people see, next to the columns they come from.
  if (spec.derived.length) {
    const derived = deriveColumns(table, spec.derived);
    for (const d of spec.derived)
      frame.addColumn(d.name, derived.values[derived.columns.indexOf(d.name)] as never, { inplace: true });
  }
  // Personal data never reaches what a cell can show: it leaves the DataFrame here.
  if (spec.pii.length) frame.drop({ columns: spec.pii, inplace: true });
  return { ...prepared, name: spec.name, spec, path: resolveSource(spec.source, baseDir), frame, rows: frame.shape[0] };
}
