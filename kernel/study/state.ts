/**
 * The study's state: what DSL cells have declared and what came of it. One
 * store of evaluations, tagged by task; a model's evaluation is forgotten in
 * one place (`setTrained`) whenever the model is redefined, retrained,
 * mitigated, or its dataset redefined, and the replaced model's tensors are
 * freed there too.
 */
import type { NeedSetSpec, ModelSpec, ParamValue } from "../../plan/plan";
import type { BackendInfo } from "../../stdlib/backend";
import type { TaskEvaluation } from "../../stdlib/tasks";
import { disposeModel } from "./tfjs";
import type { Dataset, TrainedModel } from "./types";

export class StudyState {
  /** Notebook parameters (`param seed = 7`, or injected by `needlab run -p`). */
  readonly params = new Map<string, ParamValue>();
  readonly needs = new Map<string, NeedSetSpec>();
  readonly datasets = new Map<string, Dataset>();
  readonly models = new Map<string, ModelSpec>();
  private readonly trainedModels = new Map<string, TrainedModel>();
  private readonly evaluationStore = new Map<string, TaskEvaluation>();
  /** The needs each model was last evaluated against on its test rows, so `mitigate` can show the effect on the same needs. */
  readonly evaluatedAgainst = new Map<string, string>();
  /** Models in order of first declaration: each keeps its colour in every chart. */
  readonly modelOrder: string[] = [];
  backend?: BackendInfo;
  /**
   * For the provenance manifest (kernel/provenance.ts): when the session
   * started and the sha256 of each DSL cell's text in the order run (the
   * parameters are `params`).
   */
  readonly provenance = { started: new Date(), dsl: [] as string[] };

  get trained(): ReadonlyMap<string, TrainedModel> {
    return this.trainedModels;
  }

  get evaluations(): ReadonlyMap<string, TaskEvaluation> {
    return this.evaluationStore;
  }

  /** A model's colour index in charts. */
  readonly style = (model: string): number => Math.max(0, this.modelOrder.indexOf(model));

  defineModel(spec: ModelSpec): void {
    this.models.set(spec.name, spec);
    this.setTrained(spec.name, undefined);
    if (!this.modelOrder.includes(spec.name)) this.modelOrder.push(spec.name);
  }

  defineDataset(ds: Dataset): void {
    // Models trained on an older version of this dataset no longer match it.
    for (const [m, t] of this.trainedModels) if (t.dataset === ds.name) this.setTrained(m, undefined);
    this.datasets.set(ds.name, ds);
  }

  /**
   * Binds a model's name to a new training (or to none), forgetting its
   * evaluation and freeing what the replacement does not share (a model
   * mitigated by cut-offs keeps its network).
   */
  setTrained(name: string, next: TrainedModel | undefined): void {
    const old = this.trainedModels.get(name);
    if (old && old !== next) releaseTrained(old, next);
    if (next) this.trainedModels.set(name, next);
    else this.trainedModels.delete(name);
    this.evaluationStore.delete(name);
  }

  keepEvaluation(name: string, e: TaskEvaluation): void {
    this.evaluationStore.set(name, e);
  }

  /** Frees every model's tensors and forgets everything (kernel shutdown or restart). */
  dispose(): void {
    for (const name of [...this.trainedModels.keys()]) this.setTrained(name, undefined);
    this.needs.clear();
    this.datasets.clear();
    this.models.clear();
    this.evaluatedAgainst.clear();
    this.modelOrder.length = 0;
  }
}

/** Frees a training's model and fold models, except what `next` still uses. */
export function releaseTrained(old: TrainedModel, next?: TrainedModel): void {
  if (old.model !== next?.model) disposeModel(old.model);
  const folds = old.crossValidation?.models;
  if (folds && folds !== next?.crossValidation?.models) folds.forEach(disposeModel);
}
