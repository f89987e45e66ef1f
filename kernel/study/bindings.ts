/** What a declared name is bound to in TypeScript cells: datasets and needs as they are, models as live handles. */
import type { ModelSpec } from "../../plan/plan";
import { NeedlabError } from "../../stdlib/errors";
import type { Evaluation } from "../../stdlib/evaluate";
import type { MulticlassEvaluation } from "../../stdlib/evaluate-multiclass";
import type { RegressionEvaluation } from "../../stdlib/evaluate-regression";
import { scored } from "../../stdlib/scoring";
import type { EvaluationOf } from "../../stdlib/tasks";
import type { Task } from "../../plan/plan";
import type { StudyState } from "./state";
import { tfjs } from "./tfjs";
import type { TrainedModel } from "./types";

/** A live view of a model's state: what the last cell left, whenever it is read. */
export class ModelHandle {
  constructor(
    private readonly state: StudyState,
    readonly name: string,
  ) {}
  get spec(): ModelSpec {
    return this.state.models.get(this.name)!;
  }
  get trained(): TrainedModel | undefined {
    return this.state.trained.get(this.name);
  }
  private latest<K extends Task>(task: K): EvaluationOf<K> | undefined {
    const e = this.state.evaluations.get(this.name);
    return e?.task === task ? (e as EvaluationOf<K>) : undefined;
  }
  /** The latest evaluation of a classifier (undefined for a regression: see `regression`). */
  get evaluation(): Evaluation | undefined {
    return this.latest("binary");
  }
  /** The latest evaluation of a regression model. */
  get regression(): RegressionEvaluation | undefined {
    return this.latest("regression");
  }
  /** The latest evaluation of a classifier over several classes. */
  get multiclass(): MulticlassEvaluation | undefined {
    return this.latest("multiclass");
  }
  /**
   * Probability of the positive class for a split of the dataset the model was trained on
   * (after `mitigate ... using thresholds`: shifted by the row's group offset, so the model's cut-off gives the group's decision;
   * for a cross-validated model, "test" gives the out-of-fold predictions of every row, as its evaluations use).
   */
  predictProba(split: "train" | "validation" | "test" = "test"): Float32Array {
    const t = this.trained;
    if (!t)
      throw new NeedlabError(`model '${this.name}' is not trained yet: run \`train ${this.name} on <dataset>\` first.`);
    return scored(t, this.state.datasets.get(t.dataset)!, split, tfjs().predictProba).scores;
  }
}
