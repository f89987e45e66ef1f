/**
 * The TypeScript a model block lowers to: the same tfjs-layers calls that
 * stdlib/train.ts makes (buildModel, then the seeded training loop), written
 * out so a researcher can read, rerun or adapt exactly what runs.
 */
import type { ModelSpec } from "../plan/plan";
import { deriveSeed } from "./random";
import { solvedExactly, solverSettings } from "./linear/exact";

export function modelCode(
  spec: ModelSpec,
  inputs: number,
  targetScale?: { center: number; scale: number },
  classes?: string[],
): string {
  const init = (purpose: string) => `tf.initializers.glorotUniform({ seed: ${deriveSeed(spec.seed, purpose)} })`;
  const lines = [
    `// model ${spec.name}: ${spec.family}, as needlab builds and trains it (seed ${spec.seed})`,
    `import * as tf from "@tensorflow/tfjs";`,
    `import { SeededDropout } from "needlab/dist/stdlib/train"; // tfjs's Dropout reuses one seed for every batch`,
    ``,
    `const model = tf.sequential({ name: ${JSON.stringify(spec.name)} });`,
  ];
  let width = inputs;
  spec.layers.forEach((l, i) => {
    const reg = l.l2 > 0 ? `, kernelRegularizer: tf.regularizers.l2({ l2: ${l.l2} })` : "";
    lines.push(
      `model.add(tf.layers.dense({ inputShape: [${width}], units: ${l.units}, activation: ${JSON.stringify(l.activation)}, kernelInitializer: ${init(`dense${i}`)}${reg}, name: "dense_${i + 1}" }));`,
    );
    if (l.batchNorm) lines.push(`model.add(tf.layers.batchNormalization({ name: "batch_norm_${i + 1}" }));`);
    if (l.dropout > 0)
      lines.push(
        `model.add(new SeededDropout({ rate: ${l.dropout}, seed: ${deriveSeed(spec.seed, `dropout${i}`)}, name: "dropout_${i + 1}" }));`,
      );
    width = l.units;
  });
  const out = classes
    ? [
        `model.add(tf.layers.dense({ inputShape: [${width}], units: ${classes.length}, activation: "softmax", kernelInitializer: ${init("output")}, name: "output" })); // ${classes.join(", ")}`,
        `model.compile({ optimizer: tf.train.${spec.optimizer}(${spec.learningRate}), loss: "categoricalCrossentropy" });`,
      ]
    : targetScale
      ? [
          `model.add(tf.layers.dense({ inputShape: [${width}], units: 1, activation: "linear", kernelInitializer: ${init("output")}, name: "output" }));`,
          `// Fixed last layer: the standardised prediction back in the target's unit (training mean ${targetScale.center}, standard deviation ${targetScale.scale}).`,
          `model.add(tf.layers.dense({ units: 1, trainable: false, weights: [tf.tensor2d([[${targetScale.scale}]]), tf.tensor1d([${targetScale.center}])], name: "to_target_unit" }));`,
          `model.compile({ optimizer: tf.train.${spec.optimizer}(${spec.learningRate}), loss: (y, p) => tf.div(tf.metrics.meanSquaredError(y, p), ${targetScale.scale} ** 2).mean() });`,
        ]
      : [
          `model.add(tf.layers.dense({ inputShape: [${width}], units: 1, activation: "sigmoid", kernelInitializer: ${init("output")}, name: "output" }));`,
          `model.compile({ optimizer: tf.train.${spec.optimizer}(${spec.learningRate}), loss: "binaryCrossentropy" });`,
        ];
  lines.push(
    ...out,
    ``,
    ...(solvedExactly(spec) ? exactTraining(spec, !!targetScale) : gradientTraining(spec)),
    classes
      ? `// Prediction: the class of the largest output (outputs in the order ${classes.join(", ")}).`
      : targetScale
        ? `// Prediction: model.predict(x), in the target's unit.`
        : `// Prediction: positive when model.predict(x) >= ${spec.threshold}${spec.chooseThreshold ? ` (\`threshold choose\`: the cut-off is chosen after training on the validation rows)` : ""}.`,
  );
  return lines.join("\n");
}

/** A linear model without an optimizer: solved to convergence (stdlib/linear), then copied into the output layer. */
function exactTraining(spec: ModelSpec, regression: boolean): string[] {
  const { l2, maxIter, tol } = solverSettings(spec);
  return regression
    ? [
        `// Training: solved in closed form on the standardised target, minimising Σ w·(z - x·coef - b)² + ${l2}·‖coef‖²`,
        `// (scikit-learn's ${l2 > 0 ? `Ridge(alpha=${l2})` : "LinearRegression()"} on the target's unit), with needlab's solveRidge (stdlib/linear/ridge.ts);`,
        `// the solution goes into the "output" layer: model.getLayer("output").setWeights([kernel, bias]).`,
        ``,
      ]
    : [
        `// Training: Newton's method from zero (at most ${maxIter} steps, until every gradient entry per unit of row weight is <= ${tol}),`,
        `// minimising Σ w·logloss + ${l2}/2·‖coef‖² (scikit-learn's LogisticRegression(${l2 > 0 ? `C=${+(1 / l2).toPrecision(6)}` : 'penalty="none"'})), with needlab's`,
        `// newtonSteps (stdlib/linear/logistic.ts); the solution goes into the "output" layer: model.getLayer("output").setWeights([kernel, bias]).`,
        ``,
      ];
}

function gradientTraining(spec: ModelSpec): string[] {
  return [
    `// Training: ${spec.epochs} epochs of batches of ${spec.batchSize}, rows shuffled each epoch by a generator seeded with ${deriveSeed(spec.seed, "shuffle")}.`,
    `for (let epoch = 1; epoch <= ${spec.epochs}; epoch++) {`,
    `  const order = permutation(trainRows, shuffleRng);            // Fisher-Yates, seedrandom("${deriveSeed(spec.seed, "shuffle")}")`,
    `  for (let from = 0; from < trainRows; from += ${spec.batchSize}) {`,
    `    const { x, y } = rows(order.slice(from, from + ${spec.batchSize})); // standard-scaled, one-hot features`,
    `    await model.trainOnBatch(x, y);`,
    `  }`,
    `}`,
    ``,
    ...(spec.patience !== undefined
      ? [
          `// Early stopping: after each epoch, the validation loss; stop after ${spec.patience} epochs without improvement, then model.setWeights(bestWeights).`,
        ]
      : []),
  ];
}
