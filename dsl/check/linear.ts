/**
 * The settings of linear models solved exactly (logistic_regression and
 * linear_regression without an `optimizer`): `l2`, `max_iter`, `tol`, and
 * the gradient-descent settings that such a model does not use.
 */
import type * as A from "../ast";
import { Diagnostic, error, warning } from "../diagnostics";

export function checkLinearSolver(m: A.ModelDecl, diags: Diagnostic[]): void {
  const family = m.family.text;
  const given = (
    [
      ["l2", m.l2],
      ["max_iter", m.maxIter],
      ["tol", m.tol],
    ] as const
  ).filter(([, s]) => s);
  if (family === "dense") {
    for (const [key, s] of given)
      diags.push(
        error(
          s!.value.span,
          key === "l2"
            ? "a dense model's L2 penalty is set per layer: `layer 16 relu l2 0.001`"
            : `${key} is a setting of logistic_regression and linear_regression (solved exactly); a dense model trains for \`epochs N\``,
        ),
      );
    return;
  }
  if (family !== "logistic_regression" && family !== "linear_regression") return;
  if (m.optimizer) {
    for (const [key, s] of given)
      diags.push(
        error(
          s!.value.span,
          `${key} sets the exact solver, but this model trains by gradient descent (\`optimizer ${m.optimizer.value.text}\`): remove one of them`,
        ),
      );
    return;
  }
  const l2 = m.l2?.value;
  if (l2 && (!(l2.value >= 0) || l2.value > 1e6))
    diags.push(
      error(l2.span, `l2 is a penalty from 0 (none) to 1000000, scikit-learn's 1/C or Ridge's alpha, not ${l2.raw}`),
    );
  const maxIter = m.maxIter?.value;
  if (maxIter && (!maxIter.isInteger || maxIter.value < 1 || maxIter.value > 100000))
    diags.push(error(maxIter.span, `max_iter is a whole number of solver steps from 1 to 100000, not ${maxIter.raw}`));
  const tol = m.tol?.value;
  if (tol && (!(tol.value > 0) || tol.value >= 1))
    diags.push(error(tol.span, `tol is a gradient tolerance above 0 and below 1 (e.g. 1e-6), not ${tol.raw}`));
  if (family === "linear_regression")
    for (const [key, s] of given.filter(([k]) => k !== "l2"))
      diags.push(
        warning(s!.value.span, `linear_regression is solved in closed form, so ${key} changes nothing; remove it`),
      );
  // Settings of gradient training: without an optimizer they change nothing.
  const unused = (
    [
      ["learning_rate", m.learningRate?.value.span],
      ["epochs", m.epochs?.value.span],
      ["batch_size", m.batchSize?.value.span],
      ["schedule", m.schedule?.value.kind.span],
      ["early_stopping", m.patience?.value.span],
    ] as const
  ).filter(([, span]) => span);
  for (const [key, span] of unused)
    diags.push(
      warning(
        span!,
        `a ${family} without an optimizer is solved exactly (scikit-learn's objective), so ${key} changes nothing: remove it, or add \`optimizer sgd\` (or adam) to train by gradient descent`,
      ),
    );
}
