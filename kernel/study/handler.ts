/** A statement handler: what one Step of a plan does to the study. */
import type { Step } from "../../plan/plan";
import type { StudyContext } from "./context";

export type Op = Step["op"];
export type StepOf<K extends Op> = Extract<Step, { op: K }>;
export type Handler<K extends Op> = (step: StepOf<K>, cx: StudyContext) => void | Promise<void>;
