/**
 * `model` blocks: the family, layers, optimizer and training settings.
 */
import type * as A from "../ast";
import { type Diagnostic, didYouMean, error } from "../diagnostics";
import {
  ACTIVATIONS,
  BACKENDS,
  MODEL_FAMILIES,
  OPTIMIZER_OPTIONS,
  OPTIMIZERS,
  OptimizerName,
  STOP_METRICS,
  SCHEDULES,
  TASKS,
  TEXT_FAMILIES,
} from "../../plan/plan";
import { checkChoice, checkRepeated } from "./common";
import { checkLinearSolver } from "./linear";
import { checkNetwork } from "./text";

export function checkModel(m: A.ModelDecl, diags: Diagnostic[]): void {
  checkRepeated(m.repeated, diags);
  checkNetwork(m, diags);
  const family = m.family.text;
  if (!(MODEL_FAMILIES as readonly string[]).includes(family)) {
    diags.push(
      error(
        m.family.span,
        `unknown model kind '${family}'${didYouMean(family, MODEL_FAMILIES) || `; known kinds: ${MODEL_FAMILIES.join(", ")}`}`,
      ),
    );
  } else if (family !== "dense" && !(TEXT_FAMILIES as readonly string[]).includes(family) && m.layers.length > 0) {
    diags.push(
      error(m.layers[0].span, `a ${family} has no hidden layers: remove the \`layer\` lines or make it \`dense\``),
    );
  } else if (family === "dense" && m.layers.length === 0) {
    diags.push(
      error(m.name.span, `dense model '${m.name.text}' has no layers: add at least one, e.g. \`layer 16 relu\``),
    );
  }
  for (const layer of m.layers) {
    if (!layer.units.isInteger || layer.units.value < 1)
      diags.push(error(layer.units.span, `a layer needs a whole number of units (1 or more), not ${layer.units.raw}`));
    if (layer.activation && !(ACTIVATIONS as readonly string[]).includes(layer.activation.text))
      diags.push(
        error(
          layer.activation.span,
          `unknown activation '${layer.activation.text}'${didYouMean(layer.activation.text, ACTIVATIONS) || `; known activations: ${ACTIVATIONS.join(", ")}`}`,
        ),
      );
    if (layer.l2 && (layer.l2.value < 0 || layer.l2.value > 10))
      diags.push(error(layer.l2.span, `l2 is a penalty from 0 to 10 (typically 0.0001 to 0.01), not ${layer.l2.raw}`));
    if (layer.dropout && (layer.dropout.value < 0 || layer.dropout.value >= 1))
      diags.push(
        error(layer.dropout.span, `dropout is a rate from 0 up to (not including) 1, not ${layer.dropout.raw}`),
      );
  }
  if (m.optimizer && !(OPTIMIZERS as readonly string[]).includes(m.optimizer.value.text))
    diags.push(
      error(
        m.optimizer.value.span,
        `unknown optimizer '${m.optimizer.value.text}'${didYouMean(m.optimizer.value.text, OPTIMIZERS) || `; known optimizers: ${OPTIMIZERS.join(", ")}`}`,
      ),
    );
  if (m.learningRate && (m.learningRate.value.value <= 0 || m.learningRate.value.value > 10))
    diags.push(
      error(m.learningRate.value.span, `learning_rate must be above 0 and at most 10, not ${m.learningRate.value.raw}`),
    );
  for (const [key, s] of [
    ["epochs", m.epochs],
    ["batch_size", m.batchSize],
  ] as const) {
    if (s && (!s.value.isInteger || s.value.value < 1))
      diags.push(error(s.value.span, `${key} must be a whole number of at least 1, not ${s.value.raw}`));
  }
  if (m.threshold && (m.threshold.value.value <= 0 || m.threshold.value.value >= 1))
    diags.push(
      error(
        m.threshold.value.span,
        `threshold is a probability strictly between 0 and 1 (or 0% and 100%), not ${m.threshold.value.raw}`,
      ),
    );
  if (m.epochs && m.epochs.value.value > 100000)
    diags.push(
      error(m.epochs.value.span, `${m.epochs.value.raw} epochs is beyond what needlab will run; use at most 100000`),
    );
  if (m.patience && (!m.patience.value.isInteger || m.patience.value.value < 1))
    diags.push(
      error(
        m.patience.value.span,
        `patience must be a whole number of epochs, at least 1, not ${m.patience.value.raw}`,
      ),
    );
  if (m.seed && !m.seed.value.isInteger)
    diags.push(error(m.seed.value.span, `seed must be a whole number, not ${m.seed.value.raw}`));
  const opt = (m.optimizer?.value.text ?? "adam") as OptimizerName;
  for (const o of m.optimizerOptions) {
    const known = OPTIMIZER_OPTIONS[opt] ?? [];
    if (!known.includes(o.name.text))
      diags.push(
        error(
          o.name.span,
          `${opt} has no setting '${o.name.text}'${didYouMean(o.name.text, known) || `; its settings: ${known.join(", ")}`}`,
        ),
      );
    else if (
      o.value.value < 0 ||
      (o.name.text !== "epsilon" && o.name.text !== "initial_accumulator" && o.value.value >= 1)
    )
      diags.push(error(o.value.span, `${o.name.text} lies from 0 up to (not including) 1, not ${o.value.raw}`));
  }
  const sch = m.schedule?.value;
  if (sch && checkChoice(sch.kind, SCHEDULES, "schedule", diags)) {
    if (sch.kind.text === "cosine" && (sch.rate || sch.every))
      diags.push(error(sch.kind.span, "cosine takes no rate: it lowers the learning rate to 0 over the epochs"));
    if (sch.kind.text !== "cosine" && (!sch.rate || sch.rate.value <= 0 || sch.rate.value > 1))
      diags.push(
        error(
          sch.rate?.span ?? sch.kind.span,
          `${sch.kind.text} multiplies the learning rate by a factor above 0 and at most 1: write \`schedule ${sch.kind.text} 0.5${sch.kind.text === "step" ? " every 10" : ""}\``,
        ),
      );
    if (sch.kind.text === "step" && (!sch.every || !sch.every.isInteger || sch.every.value < 1))
      diags.push(
        error(
          sch.every?.span ?? sch.kind.span,
          "step lowers the learning rate every N epochs: write `schedule step 0.5 every 10`",
        ),
      );
    if (sch.kind.text === "exponential" && sch.every)
      diags.push(
        error(
          sch.every.span,
          "exponential lowers the learning rate every epoch; use `step` to lower it every N epochs",
        ),
      );
  }
  if (m.stopMetric) {
    checkChoice(m.stopMetric, STOP_METRICS, "metric to stop on", diags);
  }
  const cw = m.classWeight?.value;
  if (cw?.balanced && cw.balanced.text !== "balanced")
    diags.push(
      error(
        cw.balanced.span,
        `class_weight is \`balanced\` or weights by class, e.g. \`class_weight "bad": 3, "good": 1\`, not '${cw.balanced.text}'`,
      ),
    );
  for (const w of cw?.weights ?? [])
    if (w.weight.value <= 0 || w.weight.value > 1000)
      diags.push(error(w.weight.span, `a class weight lies above 0 and at most 1000, not ${w.weight.raw}`));
  if (m.backend) checkChoice(m.backend.value, BACKENDS, "backend", diags);
  if (m.output) checkChoice(m.output.value, TASKS, "output", diags);
  checkLinearSolver(m, diags);
}
