/**
 * The study: everything DSL cells have declared in this session (needs,
 * datasets, models, trained models, evaluations), and the runner that
 * carries out a lowered plan against it, sending what it shows to an output
 * sink. The state lives in state.ts; each statement is one handler file.
 */
import type { CheckEnv } from "../../dsl/check";
import type { Plan, Task } from "../../plan/plan";
import { readHeader } from "../../stdlib/data/load";
import type { BackendInfo } from "../../stdlib/backend";
import type { PlotlyEmbedder } from "../display";
import { ModelHandle } from "./bindings";
import { runPlan } from "./run";
import { StudyState } from "./state";
import type { OutputSink } from "./types";

export { ModelHandle } from "./bindings";
export type { CrossValidation, Dataset, Mitigation, OutputSink, TrainedModel } from "./types";

export class Study {
  readonly state = new StudyState();

  constructor(
    readonly baseDir: string,
    private readonly plots: PlotlyEmbedder,
  ) {}

  get needs() {
    return this.state.needs;
  }
  get datasets() {
    return this.state.datasets;
  }
  get models() {
    return this.state.models;
  }
  get trained() {
    return this.state.trained;
  }
  get evaluations() {
    return this.state.evaluations;
  }
  get backend(): BackendInfo | undefined {
    return this.state.backend;
  }

  checkEnv(): CheckEnv {
    const { state } = this;
    return {
      datasets: new Set(state.datasets.keys()),
      models: new Set(state.models.keys()),
      needs: new Set(state.needs.keys()),
      trained: new Map([...state.trained].map(([m, t]) => [m, t.dataset])),
      sensitive: new Map([...state.datasets].map(([n, d]) => [n, d.spec.sensitive])),
      tasks: new Map([...state.datasets].map(([n, d]) => [n, d.spec.task as Task])),
      layers: new Map([...state.models].map(([n, m]) => [n, m.layers.length])),
      params: new Map(state.params),
      readHeader: (source, options) => readHeader(source, this.baseDir, options),
    };
  }

  /** The object a declared name is bound to in TypeScript cells. */
  binding(name: string): unknown {
    const { state } = this;
    if (state.params.has(name)) return state.params.get(name);
    if (state.datasets.has(name)) return state.datasets.get(name);
    if (state.models.has(name)) return new ModelHandle(state, name);
    if (state.needs.has(name)) return state.needs.get(name);
    return undefined;
  }

  /** Its TypeScript type: a parameter's own (number, string, boolean), else one of needlab's. */
  bindingType(name: string): string {
    if (this.state.params.has(name)) return typeof this.state.params.get(name);
    if (this.state.datasets.has(name)) return 'import("needlab").Dataset';
    if (this.state.models.has(name)) return 'import("needlab").ModelHandle';
    return 'import("needlab").NeedSetSpec';
  }

  /** Runs a plan: definitions first, then every other statement in order. */
  run(plan: Plan, sink: OutputSink, signal: { aborted: boolean }): Promise<void> {
    return runPlan(plan, { state: this.state, sink, signal, plots: this.plots, baseDir: this.baseDir });
  }

  /** Frees every model's tensors and forgets the study (kernel shutdown or restart). */
  dispose(): void {
    this.state.dispose();
  }
}
