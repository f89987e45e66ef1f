/**
 * Tokens of the needs DSL. Keywords carry `longer_alt: Identifier` so that a
 * name like `trainset` is one identifier, not the keyword `train` + `set`.
 */
import { createToken, Lexer, TokenType } from "chevrotain";

/** Any word: where a column is named, keywords are fine too (German credit's target is `class`). */
export const Word = createToken({ name: "Word", pattern: Lexer.NA });

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Word] });

/** A keyword token named in CamelCase (`batch_norm` → BatchNorm), matched only as a whole word. */
const keyword = (word: string): TokenType =>
  createToken({
    name: word
      .split("_")
      .map((p) => p[0].toUpperCase() + p.slice(1))
      .join(""),
    pattern: new RegExp(`${word}\\b`),
    longer_alt: Identifier,
    categories: [Word],
  });

export const Needs = keyword("needs");
export const Must = keyword("must");
export const Should = keyword("should");
export const On = keyword("on");
export const Class = keyword("class");
export const Because = keyword("because");
export const Dataset = keyword("dataset");
export const Source = keyword("source");
export const Target = keyword("target");
export const Positive = keyword("positive");
export const Drop = keyword("drop");
export const Split = keyword("split");
export const Train = keyword("train");
export const Test = keyword("test");
export const Validation = keyword("validation");
export const Stratify = keyword("stratify");
export const Seed = keyword("seed");
export const Model = keyword("model");
export const Layer = keyword("layer");
export const Dropout = keyword("dropout");
export const Optimizer = keyword("optimizer");
export const LearningRate = keyword("learning_rate");
export const Epochs = keyword("epochs");
export const BatchSize = keyword("batch_size");
export const Threshold = keyword("threshold");
export const Evaluate = keyword("evaluate");
export const Against = keyword("against");
export const By = keyword("by");
export const Privileged = keyword("privileged");
export const MinGroupSize = keyword("min_group_size");
export const MinPositives = keyword("min_positives");
export const Costs = keyword("costs");
export const At = keyword("at");
export const Sensitive = keyword("sensitive");
export const Show = keyword("show");
export const Pii = keyword("pii");
export const Explain = keyword("explain");
export const Tune = keyword("tune");
export const Mitigate = keyword("mitigate");
export const Export = keyword("export");
export const Monitor = keyword("monitor");
export const To = keyword("to");
export const With = keyword("with");
export const Include = keyword("include");
export const L2 = keyword("l2");
export const MaxIter = keyword("max_iter");
export const Tol = keyword("tol");
export const BatchNorm = keyword("batch_norm");
export const EarlyStopping = keyword("early_stopping");
export const Patience = keyword("patience");
export const Derive = keyword("derive");
export const For = keyword("for");
// Data options.
export const Format = keyword("format");
export const Delimiter = keyword("delimiter");
export const Encoding = keyword("encoding");
export const Types = keyword("types");
export const Keep = keyword("keep");
export const Filter = keyword("filter");
export const Missing = keyword("missing");
export const Encode = keyword("encode");
export const Scale = keyword("scale");
// Reading settings (issue 11): missing-value markers, number formats, silenced data checks.
export const MissingValues = keyword("missing_values");
export const Thousands = keyword("thousands");
export const Decimal = keyword("decimal");
export const Quiet = keyword("quiet");
export const Kfold = keyword("kfold");
// Text columns (issue 14): `text message ngrams 1 to 2`.
export const Text = keyword("text");
// Model options.
export const Schedule = keyword("schedule");
export const ClassWeight = keyword("class_weight");
export const SampleWeight = keyword("sample_weight");
export const Backend = keyword("backend");
export const Output = keyword("output");
// Statements and their parts.
export const Compare = keyword("compare");
export const Using = keyword("using");
export const In = keyword("in");
export const Search = keyword("search");
export const Trials = keyword("trials");
// Alert needs: `share of "bearish" <= 30% per day`.
export const Of = keyword("of");
export const Per = keyword("per");

export const GreaterEq = createToken({ name: "GreaterEq", pattern: />=/ });
export const LessEq = createToken({ name: "LessEq", pattern: /<=/ });
export const Greater = createToken({ name: "Greater", pattern: />/ });
export const Less = createToken({ name: "Less", pattern: /</ });
export const LCurly = createToken({ name: "LCurly", pattern: /\{/ });
export const RCurly = createToken({ name: "RCurly", pattern: /\}/ });
export const Comma = createToken({ name: "Comma", pattern: /,/ });
export const Colon = createToken({ name: "Colon", pattern: /:/ });
export const Percent = createToken({ name: "Percent", pattern: /%/ });
export const EqualEq = createToken({ name: "EqualEq", pattern: /==/ });
export const NotEq = createToken({ name: "NotEq", pattern: /!=/ });
export const Equals = createToken({ name: "Equals", pattern: /=/ });
export const Plus = createToken({ name: "Plus", pattern: /\+/ });
/** After NumberLiteral in the token order, so `-0.1` stays one number; `a - 1` (with spaces) is a subtraction. */
export const Minus = createToken({ name: "Minus", pattern: /-/ });
export const Star = createToken({ name: "Star", pattern: /\*/ });
export const Slash = createToken({ name: "Slash", pattern: /\// });
export const LParen = createToken({ name: "LParen", pattern: /\(/ });
export const RParen = createToken({ name: "RParen", pattern: /\)/ });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/ });
export const RBracket = createToken({ name: "RBracket", pattern: /\]/ });
/**
 * Signed (some needs bound a difference from below: `>= -0.1`), with an
 * optional unit on the same line for durations and sizes (`5 ms`, `1.5 MB`).
 */
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?:[ \t]*(?:ms|s|min|h|B|KB|MB|GB)\b)?/,
});
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\r\n]|\\.)*"/ });

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
/** Kept in their own group (not in the parser input), so that `needlab fmt` can put them back. */
export const Comment = createToken({ name: "Comment", pattern: /(?:#|\/\/)[^\n]*/, group: "comments" });

export const KEYWORDS = [
  Needs,
  Must,
  Should,
  On,
  Class,
  Because,
  Dataset,
  Source,
  Target,
  Positive,
  Drop,
  Split,
  Train,
  Test,
  Validation,
  Stratify,
  Seed,
  Model,
  Layer,
  Dropout,
  Optimizer,
  LearningRate,
  Epochs,
  BatchSize,
  Threshold,
  Evaluate,
  Against,
  By,
  Privileged,
  MinGroupSize,
  MinPositives,
  Costs,
  At,
  Sensitive,
  Show,
  For,
  Pii,
  Explain,
  Tune,
  Mitigate,
  Export,
  Monitor,
  To,
  With,
  Include,
  L2,
  MaxIter,
  Tol,
  BatchNorm,
  EarlyStopping,
  Patience,
  Derive,
  Format,
  Delimiter,
  Encoding,
  Types,
  Keep,
  Filter,
  Missing,
  Encode,
  Scale,
  MissingValues,
  Thousands,
  Decimal,
  Quiet,
  Kfold,
  Text,
  Schedule,
  ClassWeight,
  SampleWeight,
  Backend,
  Output,
  Compare,
  Using,
  In,
  Search,
  Trials,
  Of,
  Per,
];

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Word,
  GreaterEq,
  LessEq,
  Greater,
  Less,
  EqualEq,
  NotEq,
  Equals,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Percent,
  Plus,
  Star,
  NumberLiteral,
  StringLiteral,
  Minus,
  Slash,
  ...KEYWORDS,
  Identifier,
];

export const lexer = new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: true });
