/**
 * needlab's public API: what a TypeScript cell gets from `import ... from "needlab"`.
 */
export { Study, ModelHandle } from "./kernel/study";
export type { Dataset, TrainedModel, OutputSink } from "./kernel/study";
export type { NeedSetSpec, NeedSpec, DatasetSpec, ModelSpec, Plan } from "./plan/plan";
export type { Evaluation } from "./stdlib/evaluate";
export * as metrics from "./stdlib/metrics";
export * as plots from "./stdlib/plots";
export * as fairness from "./stdlib/fairness";
export * as bootstrap from "./stdlib/bootstrap";
export * as decisions from "./stdlib/decisions";
export * as cutoffs from "./stdlib/cutoff";
export * as significance from "./stdlib/significance";
export { rowsToDecide, rowsToDecideFairness, shortGroup } from "./stdlib/rows-to-decide";
export { pairedNeedDifference, leaderNote } from "./stdlib/paired-needs";
export { abTrialForNeed } from "./stdlib/ab-trial";
export { audit } from "./stdlib/audit";
export type { AuditResult, AuditInput } from "./stdlib/audit";
export { generateCreditApplicants, writeCreditApplicants, CREDIT_BIAS } from "./stdlib/synth/credit";
export { generateStoreWeeks, writeStoreWeeks, RETAIL_EFFECTS } from "./stdlib/synth/retail";
export { generatePatients, writePatients, PATIENT_BIAS, PATIENT_DRIFT, PATIENT_RISK } from "./stdlib/synth/patients";
export { generateIntentMessages, writeIntentMessages, INTENT_NAMES, INTENT_NOISE } from "./stdlib/synth/intents";
export { writeIntentStudyData, SYNTHETIC_STUDY } from "./stdlib/synth/intent-study";
export { generateHeadlines, writeHeadlines, HEADLINE_PERIODS, HEADLINE_MIX } from "./stdlib/synth/headlines";
export { compile } from "./dsl";
export { display, clearOutput, input } from "./kernel/api";
export type { DisplayHandle, MimeDisplay } from "./kernel/api";
