/**
 * TensorFlow.js loads with the first training, not at kernel start (it costs
 * a tenth of a second). Anything that predicts has a trained model, so it
 * has been loaded by then.
 */
type Tfjs = typeof import("../../stdlib/train") & typeof import("../../stdlib/backend");
let modules: Tfjs | undefined;

export async function loadTfjs(): Promise<Tfjs> {
  modules ??= { ...(await import("../../stdlib/train")), ...(await import("../../stdlib/backend")) };
  return modules;
}

export function tfjs(): Tfjs {
  if (!modules) throw new Error("TensorFlow.js is not loaded: nothing has been trained yet");
  return modules;
}

/** Frees a trained model's weights and its optimizer's slots (Adam's moments): tfjs frees only the weights. */
export function disposeModel(model: import("@tensorflow/tfjs").LayersModel): void {
  const optimizer = model.optimizer;
  model.dispose();
  optimizer?.dispose();
}
