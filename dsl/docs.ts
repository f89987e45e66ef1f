/**
 * Reference text for inspect_request (Shift+Tab in JupyterLab): one entry
 * per keyword and metric, the same wording as dsl/README.md.
 */
import { metricDoc, NEED_METRICS } from "../plan/catalogue";
export const KEYWORD_DOCS: Record<string, string> = {
  needs: "needs NAME { NEED* }: the acceptance criteria a model must meet, written before training.",
  must: "must: a need that decides whether a model can be used (the default level).",
  should: "should: a need that is a wish to weigh, not a condition.",
  because: 'because "REASON": the stakeholder\'s reason for a need, shown in the verdict table.',
  on: 'on class "C": compute the metric with class C as the positive class. In train/evaluate: the dataset.',
  class: 'class "C": the class a metric is computed for (after `on`).',
  by: 'by COL[, COL]: a fairness need, measured between the groups of sensitive columns (several: their intersection); several classes: accuracy_difference, macro_recall_difference, recall_difference on class "C".',
  privileged:
    'privileged "V": the privileged group for disparate_impact, statistical_parity_difference, average_odds_difference.',
  min_group_size: "min_group_size N: groups smaller than N are shown but left out of the disparity (default 30).",
  costs:
    'costs fn N, fp N[, tp N, tn N] [for COL "GROUP" fn N, ...]*: on an expected_cost need (or `threshold choose minimise expected_cost`), the price of a false negative, a false positive and (optionally) a true positive or negative; the need is in cost per 1,000 decisions. `for COL "GROUP"` prices that group\'s rows differently (COL a sensitive column, one per clause; cells it leaves out keep the default price).',
  for: 'for MODEL, MODEL: which models `show` draws (default: every evaluated model), or whose predictions `monitor` watches. In `costs`: `for COL "GROUP" fn N` prices a group\'s decisions differently.',
  at: "at P: on a net_benefit need, the threshold probability (between 0 and 1, e.g. `at 10%`) it is measured at; on a top_k_accuracy need, its k (`top_k_accuracy >= 90% at 3`, the same as `top_3_accuracy >= 90%`).",
  of: 'of "C": the class a share is of: `share of "bearish" <= 30%` (the same as `share <= 30% on class "bearish"`).',
  per: 'per hour | day | week | month: makes a share need an alert, checked by `monitor ... for MODEL against NEEDS by time COL` on new rows period by period (`must share of "bearish" <= 30% per day`); `evaluate` leaves alerts out.',
  min_positives:
    "min_positives N: groups with fewer than N actual positives are shown but left out of the disparities that rest on true positive rates (equal opportunity, equalized odds; several classes: recall_difference, counting the named class's rows); default 10.",
  dataset:
    "dataset NAME { SETTING* }: a CSV file, its target, the columns to drop or keep sensitive, and a seeded split.",
  source:
    'source "file.csv": the data file, relative to the notebook\'s folder; its header is checked before anything runs.',
  target:
    'target COLUMN positive "CLASS" | target COLUMN regression | target COLUMN multiclass: the column to predict (binary by default, with the class to detect; regression: a number, predicted in its own unit; multiclass: up to 50 classes, 255 for a text dataset).',
  positive: 'positive "CLASS": the class a model detects; without it, the rarer class (and the output says so).',
  drop: "drop COL, COL: columns that are not features.",
  sensitive: "sensitive COL, COL: protected attributes: never features, used for fairness needs and by-group rates.",
  derive:
    "derive NAME = EXPRESSION: a new column from + - * /, numbers, columns and log, log1p, sqrt, abs, exp, round, min, max; bucket(COL, [E1, E2, ...]) makes bands (`<E1`, `E1-…`, `Ek+`) usable as a sensitive attribute.",
  pii: "pii COL, COL: personal data: never a feature, never a sensitive attribute, removed from the DataFrame and from every view.",
  split:
    "split train 70%, [validation 10%,] test 30% [by group COL | by time COL]: holdout fractions adding up to 100%; groups stay in one part; by time the latest rows are the test part.",
  test: "test F: the share of rows held out to check the needs (in `split`).",
  validation:
    "validation F: the share of rows for early stopping and tuning (in `split`); the test part stays unseen until evaluation.",
  stratify: "stratify: keep the class balance in every part of the split.",
  seed: "seed N: the seed of every random choice (split, initial weights, shuffling, dropout masks, bootstrap).",
  model: "model NAME: logistic_regression | linear_regression | dense { SETTING* }",
  layer: "layer UNITS [ACTIVATION] [dropout RATE]: a dense hidden layer (activation relu by default).",
  dropout: "dropout RATE: the share of units dropped while training (seeded masks).",
  l2: "l2 X: in a layer, the L2 penalty on its weights (Keras' kernel_regularizer), e.g. 0.001. In a logistic_regression or linear_regression block: the penalty of the exact solver, objective Σ weight·loss + X/2·‖coef‖² (scikit-learn's LogisticRegression(C = 1/X), Ridge(alpha = X)); 0: none; defaults 1 (logistic) and 0 (linear).",
  max_iter:
    "max_iter N: a logistic_regression solved exactly takes at most N Newton steps (default 100; a handful usually suffice).",
  tol: "tol X: a logistic_regression solved exactly stops when every entry of the gradient of its objective per unit of row weight is at most X (default 1e-8).",
  batch_norm: "batch_norm: batch normalisation after the layer.",
  early_stopping:
    "early_stopping [on METRIC] patience N: stop when the validation loss (or METRIC, e.g. roc_auc) has not improved for N epochs, and keep the best weights. Needs a validation part in the split.",
  patience: "patience N: epochs without improvement before early stopping.",
  optimizer:
    "optimizer adam [beta1 B1 beta2 B2 epsilon E] | sgd [momentum M] | rmsprop [decay D momentum M epsilon E] | adagrad [initial_accumulator A] (default adam).",
  learning_rate: "learning_rate X: the optimizer's step size (default 0.01).",
  epochs: "epochs N: passes over the training rows (default 20).",
  batch_size: "batch_size N: rows per gradient step (default 32).",
  threshold:
    "threshold P: predict the positive class when its probability is at least P (default 0.5). Or `threshold choose minimise expected_cost subject to NEEDS`: a cut-off chosen after training on the validation rows.",
  choose:
    "threshold choose [to] minimise expected_cost | minimise selection_rate | maximise recall (precision, f1, accuracy, balanced_accuracy, specificity, mcc) [costs fn N, fp N] [subject to NEEDS]: after training, the cut-off is chosen on the validation rows (never the test rows): the best for the objective among the cut-offs that meet every must-need of NEEDS a cut-off moves (count metrics, expected_cost); prices come from `costs` here or the block's expected_cost need. Shows the chosen value, why, and a chart of the objective and needs across cut-offs. k-fold datasets: not yet; use a holdout split with a validation part.",
  subject:
    "subject to NEEDS: in `threshold choose`, the needs block whose must-needs (recall, precision, specificity, ..., expected_cost) every candidate cut-off must meet on the validation rows; other needs do not constrain the cut-off and are named as such.",
  train: "train MODEL, MODEL on DATASET: fit the models on the dataset's training rows.",
  evaluate:
    "evaluate MODEL, MODEL [on DATASET] against NEEDS: measure the models on the test rows and give a verdict per need.",
  against: "against NEEDS: the needs block an evaluation checks.",
  show: "show VIEW, VIEW [for MODEL, MODEL]: verdicts, metrics, roc, pr, calibration, confusion, thresholds, loss, groups, scorecard, code (the TypeScript a model lowers to), cutoff (a cut-off chosen with `threshold choose`: why, and its chart); for several classes also classes (each class's scores, lowest f1 first) and confused (the pairs of classes confused most, table and chart), groups (accuracy and macro recall by each sensitive column's group); their confusion matrix puts the most confused classes first; for a text dataset also misclassified (the test messages most confidently wrong, personal numbers and e-mails masked, pii columns never read) and ngrams (the terms a TF-IDF + logistic model weighs most per class).",
  param:
    'param NAME = VALUE: a notebook parameter (a number, a "quoted string", true or false), in the cell tagged `parameters`; `needlab run -p NAME VALUE` sets it in a cell added after that one, as papermill does. Later DSL cells read it as `${NAME}` where a number goes and `"${NAME}"` inside quotes; TypeScript cells as a const.',
  include:
    'include "file.needs": run the declarations of a .needs file (relative to the notebook\'s folder) before the rest of the cell.',
  explain:
    "explain MODEL, MODEL: permutation importance: how much ROC AUC drops on the test rows when each column is shuffled; for a text model, token occlusion: the drop in the true class's probability when a token is removed, on up to 200 seeded test messages.",
  tune: "tune MODEL on DATASET against NEEDS [search grid|random] [trials N] [seed N] { SETTING in [V, ...] ... }: trains one model per setting combination, judges each against the needs on the validation part, keeps the best.",
  search:
    "search grid | random: every combination (grid, the default), or `trials` distinct ones drawn with the seed (random).",
  trials: "trials N: how many combinations a random search tries (default 10).",
  in: 'in [V, ...]: the values to try (tune), or the values a filter keeps (`filter grade in ["A", "B"]`).',
  mitigate:
    "mitigate MODEL by COL using reweigh | thresholds: reweigh retrains on training rows weighted P(group)·P(label)/P(group, label) (Kamiran & Calders); thresholds gives each group its own cut-off, chosen on the validation rows to match the overall selection rate (or true positive rate for equal-opportunity needs). Shows the verdicts before and after.",
  using: "using METHOD: how `mitigate` works (reweigh, thresholds).",
  export:
    'export MODEL to "DIR": model.json + weights.bin (tf.loadLayersModel), preprocessing.json, evaluation.json and model-card.md.',
  to: 'to "DIR": the folder `export` writes (several models: one sub-folder each).',
  monitor:
    'monitor DATASET with "new.csv" [for MODEL, MODEL] [against NEEDS] [by time COL]: drift of the new file\'s feature columns against the training rows (PSI and KS; < 0.1 stable, > 0.25 major); with `for`, each model\'s predicted-class shares on the new rows against the test split (PSI over the classes); with `against`, the alert needs (`share of "C" <= 30% per day`) judged per period of the time column COL (default: the dataset\'s `split ... by time` column), pass or fail per period, with a chart of the share and its limit.',
  with: 'with "FILE": the new data `monitor` compares.',
  compare:
    "compare MODEL, MODEL [on DATASET] against NEEDS [ab_test ...]: evaluates the models and ranks them: fewest failed must-needs, then undecided, then should-needs met, then ROC AUC. For a yes/no target it then pairs the leader with each other model on the same test rows: each need's difference with a paired bootstrap interval (McNemar's exact test for accuracy, recall and specificity), and says where the leader is not significantly better.",
  ab_test:
    "ab_test [power P] [significance A]: after `compare`, the cases per arm an A/B trial of the leader against each other model would need to detect the observed difference on accuracy, recall or specificity (two-proportion formula, two-sided; defaults power 80%, significance 5%).",
  power: "power P: the chance an A/B trial detects the observed difference if it is real (default 80%).",
  significance: "significance A: the A/B trial's two-sided significance level (default 5%).",
  format:
    "format csv | jsonl | parquet: how the source is read (default: from the file's extension; .jsonl and .ndjson are JSON lines, .parquet Parquet, .csv.gz is unpacked).",
  delimiter: 'delimiter ";": the CSV field separator (default ","). Use "\\t" for tabs.',
  encoding: 'encoding "latin1": the file\'s text encoding (default utf-8).',
  types:
    "types COL: number | category | date, ...: column types when inference is not wanted (postcodes as categories; a date becomes COL_year, COL_month, COL_weekday).",
  missing_values:
    'missing_values "?", "-" (or missing_values COL: "?"): texts read as missing, in every column or one, besides pandas\' defaults (blank, NA, NaN, null, ...).',
  thousands: 'thousands ",": the thousands separator inside numbers ("45,500" reads as 45500).',
  decimal: 'decimal ",": the decimal mark ("3,5" reads as 3.5); use it with another delimiter, such as ";".',
  quiet:
    "quiet leak | constant | duplicates, ...: silences a data check (a feature that alone predicts the target, a near-constant column, test rows equal to training rows).",
  keep: "keep COL, COL: only these columns are features (besides, never: the target, sensitive, pii and dropped columns).",
  filter:
    'filter COL >= 18 | COL == "x" | COL != "x" | COL in ["a", "b"]: keep only the rows where it holds (several filters: all of them), before the split.',
  missing:
    "missing COL: mean | median | mode | constant V | drop, ...: how gaps are filled (fitted on train); drop leaves the rows out. Default: median for numbers, mode for categories.",
  encode:
    'encode COL: onehot | ordinal ["low", "high"] | frequency, ...: how categories become numbers (default onehot).',
  scale:
    "scale standard | minmax | robust | none, or scale COL: METHOD, ...: how numeric features are scaled, fitted on train (default standard).",
  kfold:
    "split kfold K: cross-validation: one model per fold, trained (and its preparation fitted) on the other folds; evaluations use the out-of-fold predictions of every row.",
  schedule:
    "schedule exponential R | step R every N | cosine: the learning rate per epoch (times R each epoch; times R every N epochs; cosine decay to 0).",
  class_weight:
    'class_weight balanced | "bad": 3, "good": 1: weights on each class\'s loss; balanced is n / (2 × class count), as scikit-learn.',
  sample_weight: "sample_weight COL: a numeric column weighing each training row's loss (drop it from the features).",
  backend: "backend auto | gpu | native | wasm | cpu: where the model trains (auto: the fastest that loads).",
  text: "text COL[, COL] [SETTING VALUE ...]: columns holding messages (several are joined by a line break); each text model fits its vectoriser on the training messages only. Settings: ngrams N [to M], analyzer word|char|char_wb, vocabulary N, min_count N, max_df SHARE, max_length N, lowercase true|false, unicode nfkc|none, placeholders url, email, ticker, number, sublinear_tf, binary.",
  output:
    "output binary | multiclass | regression: the output the model is meant for; checked against the dataset's target.",
};

/** Reference text for every metric word (aliases too), from the metric catalogue. */
export const METRIC_DOCS: Record<string, string> = Object.fromEntries(NEED_METRICS.map((m) => [m, metricDoc(m)!]));
