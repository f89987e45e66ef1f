/** What the study keeps: datasets as loaded and prepared, models as trained, and where output goes. */
import type { DataFrame } from "danfojs-node";
import type { DatasetSpec, ModelSpec } from "../../plan/plan";
import type { CrossValidation, Mitigation, ScoringData } from "../../stdlib/scoring";
import type { TrainingRun } from "../../stdlib/train-types";
import type { CutoffChoice } from "../../stdlib/cutoff";
import type { MimeBundle } from "../display";

export type { CrossValidation, Mitigation } from "../../stdlib/scoring";

export interface OutputSink {
  stream(name: "stdout" | "stderr", text: string): void;
  display(bundle: MimeBundle, options?: { displayId?: string; update?: boolean }): void;
}

/** A dataset as loaded and prepared: the danfojs DataFrame users see, and the typed arrays models train on. */
export interface Dataset extends ScoringData {
  name: string;
  spec: DatasetSpec;
  /** Absolute path of the source file. */
  path: string;
  frame: DataFrame;
  rows: number;
}

/** A training run (see stdlib/train) with what it was a run of. */
export interface TrainedModel extends TrainingRun {
  name: string;
  spec: ModelSpec;
  dataset: string;
  backend: string;
  /** Set by `mitigate`: how the model was made fairer, by which sensitive column(s). */
  mitigation?: Mitigation;
  /** `split kfold K`: the out-of-fold predictions every evaluation uses. */
  crossValidation?: CrossValidation;
  /** `threshold choose ...`: the cut-off chosen on the validation rows and why (`spec.threshold` holds it). */
  chosenCutoff?: { threshold: number; text: string; choice: CutoffChoice; objectiveName: string };
}
