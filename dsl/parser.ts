/**
 * Grammar of the needs DSL (Chevrotain CstParser with error recovery).
 *
 *   program      := statement*
 *   statement    := needsBlock | datasetBlock | modelBlock | trainStmt | evaluateStmt | compareStmt | showStmt
 *                 | explainStmt | tuneStmt | mitigateStmt | exportStmt | monitorStmt | includeStmt
 *   needsBlock   := "needs" ID "{" needItem* "}"
 *   needItem     := ("must" | "should")? ID ("of" STRING)? comparator number ("at" number)? ("costs" ID number ("," ID number)*)?
 *                   ("on" "class" STRING)? ("per" ID)?
 *                   ("by" column ("," column)* ("privileged" STRING)? ("min_group_size" NUMBER)? ("min_positives" NUMBER)?)? ("because" STRING)?
 *   datasetBlock := "dataset" ID "{" datasetSetting* "}"
 *   datasetSetting := "source" STRING | "format" ID | "delimiter" STRING | "encoding" STRING
 *                   | "types" choice ("," choice)*
 *                   | "target" column ("positive" STRING | ID)?          (ID: regression | multiclass | binary)
 *                   | ("drop" | "keep" | "sensitive" | "pii") column ("," column)*
 *                   | "filter" column (comparator | "==" | "!=") literal | "filter" column "in" "[" literal ("," literal)* "]"
 *                   | "missing" choice ("," choice)* | "encode" choice ("," choice)* | "scale" (ID | choice ("," choice)*)
 *                   | "derive" ID "=" expr
 *                   | "split" (splitPart ("," splitPart)* | "kfold" NUMBER) ("by" ID column)?
 *                   | "stratify" | "seed" NUMBER
 *                   | ("missing_values" | "thousands" | "decimal" | "quiet") (column ":")? (STRING | ID) ("," (STRING | ID))*
 *                   | "text" column ("," column)* (ID textValue? ("," textValue)*)*     (ID: a word of TEXT_SETTINGS)
 *   textValue    := number ("to" NUMBER)? | ID | STRING
 *   choice       := column ":" ID (literal | "[" literal ("," literal)* "]")?
 *   expr         := term (("+" | "-") term)*      term := factor (("*" | "/") factor)*
 *   factor       := number | "-" factor | "(" expr ")" | ID "(" (expr | list) ("," (expr | list))* ")" | column
 *   modelBlock   := "model" ID ":" ID ("{" modelSetting* "}")?
 *   modelSetting := "layer" NUMBER ID? ("dropout" number)? ("l2" number)? "batch_norm"?
 *                 | "optimizer" ID (ID number)*
 *                 | ("learning_rate" | "epochs" | "batch_size" | "threshold" | "l2" | "max_iter" | "tol") number
 *                 | "schedule" ID number? (ID NUMBER)?
 *                 | "early_stopping" ("on" ID)? "patience" NUMBER
 *                 | "class_weight" (ID | STRING ":" number ("," STRING ":" number)*)
 *                 | "sample_weight" column | "backend" ID | "output" ID | "seed" NUMBER
 *                 | ID (number | STRING)                 (text networks: embedding_dim, units, heads, pretrained, ...)
 *   trainStmt    := "train" idList "on" ID
 *   evaluateStmt := "evaluate" idList ("on" ID)? "against" ID
 *   compareStmt  := "compare" idList ("on" ID)? "against" ID
 *   showStmt     := "show" idList ("for" idList)?
 *   explainStmt  := "explain" idList
 *   tuneStmt     := "tune" ID "on" ID "against" ID ("search" ID)? ("trials" NUMBER)? ("seed" NUMBER)?
 *                   "{" (WORD (NUMBER WORD)? "in" "[" number ("," number)* "]")* "}"
 *   mitigateStmt := "mitigate" idList "by" column ("," column)* ("using" ID)?
 *   exportStmt   := "export" idList "to" STRING
 *   monitorStmt  := "monitor" ID "with" STRING ("for" idList)? ("against" ID)? ("by" ID column)?
 *   includeStmt  := "include" STRING          (declarations kept in a .needs file)
 *   column       := WORD | STRING            (any word, keywords included, or a quoted name)
 *   literal      := number | STRING          number := NUMBER "%"?
 */
import { CstNode, CstParser, IToken } from "chevrotain";
import { NETWORK_SETTINGS, TEXT_SETTINGS } from "../plan/text";
import * as T from "./lexer";

export class NeedsParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, nodeLocationTracking: "full", maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  public program = this.RULE("program", () => {
    this.MANY(() => this.SUBRULE(this.statement));
  });

  private statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.needsBlock) },
      { ALT: () => this.SUBRULE(this.datasetBlock) },
      { ALT: () => this.SUBRULE(this.modelBlock) },
      { ALT: () => this.SUBRULE(this.trainStmt) },
      { ALT: () => this.SUBRULE(this.evaluateStmt) },
      { ALT: () => this.SUBRULE(this.showStmt) },
      { ALT: () => this.SUBRULE(this.explainStmt) },
      { ALT: () => this.SUBRULE(this.compareStmt) },
      { ALT: () => this.SUBRULE(this.tuneStmt) },
      { ALT: () => this.SUBRULE(this.mitigateStmt) },
      { ALT: () => this.SUBRULE(this.exportStmt) },
      { ALT: () => this.SUBRULE(this.monitorStmt) },
      { ALT: () => this.SUBRULE(this.includeStmt) },
    ]);
  });

  private needsBlock = this.RULE("needsBlock", () => {
    this.CONSUME(T.Needs);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.needItem));
    this.CONSUME(T.RCurly);
  });

  private needItem = this.RULE("needItem", () => {
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.Must) }, { ALT: () => this.CONSUME(T.Should) }]));
    this.CONSUME(T.Identifier, { LABEL: "metric" });
    this.option(10, () => {
      this.CONSUME(T.Of);
      this.CONSUME4(T.StringLiteral, { LABEL: "ofClass" });
    });
    this.SUBRULE(this.comparator);
    this.SUBRULE(this.number);
    this.OPTION8(() => {
      this.CONSUME(T.At);
      this.SUBRULE2(this.number, { LABEL: "at" });
    });
    this.OPTION9(() => {
      this.CONSUME(T.Costs);
      this.AT_LEAST_ONE_SEP2({
        SEP: T.Comma,
        DEF: () => {
          this.CONSUME2(T.Identifier, { LABEL: "costName" });
          this.SUBRULE3(this.number, { LABEL: "costValue" });
        },
      });
    });
    this.OPTION2(() => {
      this.CONSUME(T.On);
      this.CONSUME(T.Class);
      this.CONSUME(T.StringLiteral, { LABEL: "className" });
    });
    this.option(11, () => {
      this.CONSUME(T.Per);
      this.CONSUME3(T.Identifier, { LABEL: "period" });
    });
    this.OPTION4(() => {
      this.CONSUME(T.By);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.column) });
      this.OPTION5(() => {
        this.CONSUME(T.Privileged);
        this.CONSUME3(T.StringLiteral, { LABEL: "privileged" });
      });
      this.OPTION6(() => {
        this.CONSUME(T.MinGroupSize);
        this.CONSUME(T.NumberLiteral, { LABEL: "minGroupSize" });
      });
      this.OPTION7(() => {
        this.CONSUME(T.MinPositives);
        this.CONSUME2(T.NumberLiteral, { LABEL: "minPositives" });
      });
    });
    this.OPTION3(() => {
      this.CONSUME(T.Because);
      this.CONSUME2(T.StringLiteral, { LABEL: "reason" });
    });
  });

  private comparator = this.RULE("comparator", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.GreaterEq) },
      { ALT: () => this.CONSUME(T.LessEq) },
      { ALT: () => this.CONSUME(T.Greater) },
      { ALT: () => this.CONSUME(T.Less) },
    ]);
  });

  private number = this.RULE("number", () => {
    this.CONSUME(T.NumberLiteral);
    this.OPTION(() => this.CONSUME(T.Percent));
  });

  private datasetBlock = this.RULE("datasetBlock", () => {
    this.CONSUME(T.Dataset);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.datasetSetting));
    this.CONSUME(T.RCurly);
  });

  private datasetSetting = this.RULE("datasetSetting", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.sourceSetting) },
      { ALT: () => this.SUBRULE(this.fileSetting) },
      { ALT: () => this.SUBRULE(this.targetSetting) },
      { ALT: () => this.SUBRULE(this.dropSetting) },
      { ALT: () => this.SUBRULE(this.keepSetting) },
      { ALT: () => this.SUBRULE(this.sensitiveSetting) },
      { ALT: () => this.SUBRULE(this.piiSetting) },
      { ALT: () => this.SUBRULE(this.filterSetting) },
      { ALT: () => this.SUBRULE(this.choiceSetting) },
      { ALT: () => this.SUBRULE(this.scaleSetting) },
      { ALT: () => this.SUBRULE(this.deriveSetting) },
      { ALT: () => this.SUBRULE(this.splitSetting) },
      { ALT: () => this.CONSUME(T.Stratify) },
      { ALT: () => this.SUBRULE(this.seedSetting) },
      { ALT: () => this.SUBRULE(this.readingSetting) },
      { ALT: () => this.SUBRULE(this.textSetting) },
    ]);
  });

  /**
   * `text message, subject ngrams 1 to 2 min_count 2 placeholders url, number`:
   * the columns, then settings named by words (plan/text.ts TEXT_SETTINGS). A
   * word of that list starts the next setting, so flags may stand alone.
   */
  private textSetting = this.RULE("textSetting", () => {
    this.CONSUME(T.Text);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.column) });
    this.MANY(() => this.SUBRULE(this.textOption));
  });

  private textOption = this.RULE("textOption", () => {
    this.CONSUME(T.Identifier, { LABEL: "key" });
    this.OPTION({
      GATE: () => !(this.LA(1).tokenType === T.Identifier && this.LA(1).image in TEXT_SETTINGS),
      DEF: () => {
        this.SUBRULE(this.textValue);
        this.MANY(() => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.textValue);
        });
      },
    });
  });

  private textValue = this.RULE("textValue", () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.number);
          this.OPTION(() => {
            this.CONSUME(T.To);
            this.CONSUME(T.NumberLiteral, { LABEL: "upTo" });
          });
        },
      },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: "word" }) },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: "string" }) },
    ]);
  });

  /** `source "file.csv"`, or `source sql "select ..."` (a query the engine runs). */
  private sourceSetting = this.RULE("sourceSetting", () => {
    this.CONSUME(T.Source);
    this.OPTION(() => this.CONSUME(T.Identifier, { LABEL: "kind" }));
    this.CONSUME(T.StringLiteral);
  });

  /**
   * Reading settings: `missing_values "?", "-"`, `missing_values COL: "?"`,
   * `thousands ","`, `decimal ","`, `quiet leak, duplicates`; checked in
   * check-data.ts.
   */
  private readingSetting = this.RULE("readingSetting", () => {
    this.OR1([
      { ALT: () => this.CONSUME(T.MissingValues, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.Thousands, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.Decimal, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.Quiet, { LABEL: "key" }) },
    ]);
    this.OPTION(() => {
      this.SUBRULE(this.column);
      this.CONSUME(T.Colon);
    });
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () =>
        this.OR2([
          { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: "value" }) },
          { ALT: () => this.CONSUME2(T.Word, { LABEL: "word" }) },
        ]),
    });
  });

  /** How the source file is read: `format jsonl`, `delimiter ";"`, `encoding "latin1"`. */
  private fileSetting = this.RULE("fileSetting", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Format, { LABEL: "key" });
          this.CONSUME(T.Identifier, { LABEL: "format" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Delimiter, { LABEL: "key" });
          this.CONSUME(T.StringLiteral, { LABEL: "delimiter" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Encoding, { LABEL: "key" });
          this.CONSUME2(T.StringLiteral, { LABEL: "encoding" });
        },
      },
    ]);
  });

  private targetSetting = this.RULE("targetSetting", () => {
    this.CONSUME(T.Target);
    this.SUBRULE(this.column);
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Positive);
            this.CONSUME(T.StringLiteral, { LABEL: "positive" });
          },
        },
        { ALT: () => this.CONSUME(T.Identifier, { LABEL: "task" }) },
      ]),
    );
  });

  private keepSetting = this.RULE("keepSetting", () => {
    this.CONSUME(T.Keep);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.column) });
  });

  private filterSetting = this.RULE("filterSetting", () => {
    this.CONSUME(T.Filter);
    this.SUBRULE(this.column);
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.SUBRULE(this.comparator) },
            { ALT: () => this.CONSUME(T.EqualEq, { LABEL: "op" }) },
            { ALT: () => this.CONSUME(T.NotEq, { LABEL: "op" }) },
          ]);
          this.SUBRULE(this.literal);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.In, { LABEL: "op" });
          this.SUBRULE(this.literalList);
        },
      },
    ]);
  });

  /** Per-column choices: `types`, `missing`, `encode`. */
  private choiceSetting = this.RULE("choiceSetting", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Types, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.Missing, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.Encode, { LABEL: "key" }) },
    ]);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.choice) });
  });

  private scaleSetting = this.RULE("scaleSetting", () => {
    this.CONSUME(T.Scale);
    this.OR([
      { GATE: () => this.LA(2).tokenType !== T.Colon, ALT: () => this.CONSUME(T.Identifier, { LABEL: "method" }) },
      { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.choice) }) },
    ]);
  });

  private choice = this.RULE("choice", () => {
    this.SUBRULE(this.column);
    this.CONSUME(T.Colon);
    this.CONSUME(T.Word, { LABEL: "choice" }); // keywords too: `age: drop`
    this.OPTION(() =>
      this.OR([{ ALT: () => this.SUBRULE(this.literal) }, { ALT: () => this.SUBRULE(this.literalList) }]),
    );
  });

  private literal = this.RULE("literal", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.number) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
  });

  private literalList = this.RULE("literalList", () => {
    this.CONSUME(T.LBracket);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.literal) });
    this.CONSUME(T.RBracket);
  });

  private dropSetting = this.RULE("dropSetting", () => {
    this.CONSUME(T.Drop);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.column) });
  });

  private sensitiveSetting = this.RULE("sensitiveSetting", () => {
    this.CONSUME(T.Sensitive);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.column) });
  });

  private deriveSetting = this.RULE("deriveSetting", () => {
    this.CONSUME(T.Derive);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
  });

  private expr = this.RULE("expr", () => {
    this.SUBRULE(this.term, { LABEL: "operands" });
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(T.Plus, { LABEL: "ops" }) },
              { ALT: () => this.CONSUME(T.Minus, { LABEL: "ops" }) },
            ]);
            this.SUBRULE2(this.term, { LABEL: "operands" });
          },
        },
        // `income -1` lexes as a name and a negative number: read it as a subtraction.
        {
          GATE: () => this.LA(1).image.startsWith("-"),
          ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: "negativeOperand" }),
        },
      ]);
    });
  });

  private term = this.RULE("term", () => {
    this.SUBRULE(this.factor, { LABEL: "operands" });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star, { LABEL: "ops" }) },
        { ALT: () => this.CONSUME(T.Slash, { LABEL: "ops" }) },
      ]);
      this.SUBRULE2(this.factor, { LABEL: "operands" });
    });
  });

  private factor = this.RULE("factor", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.number) },
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.factor, { LABEL: "negated" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen, { LABEL: "group" });
          this.SUBRULE(this.expr, { LABEL: "inner" });
          this.CONSUME(T.RParen);
        },
      },
      { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.call) },
      { ALT: () => this.SUBRULE(this.column) },
    ]);
  });

  private call = this.RULE("call", () => {
    this.CONSUME(T.Identifier, { LABEL: "fn" });
    this.CONSUME2(T.LParen);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () =>
        this.OR([
          {
            ALT: () => {
              this.CONSUME(T.LBracket);
              this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => this.SUBRULE(this.number, { LABEL: "list" }) });
              this.CONSUME(T.RBracket);
            },
          },
          { ALT: () => this.SUBRULE(this.expr, { LABEL: "args" }) },
        ]),
    });
    this.CONSUME2(T.RParen);
  });

  private piiSetting = this.RULE("piiSetting", () => {
    this.CONSUME(T.Pii);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.column) });
  });

  private column = this.RULE("column", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
  });

  private splitSetting = this.RULE("splitSetting", () => {
    this.CONSUME(T.Split);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Kfold);
          this.CONSUME(T.NumberLiteral, { LABEL: "folds" });
        },
      },
      { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.splitPart) }) },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.By);
      this.CONSUME(T.Identifier, { LABEL: "by" });
      this.SUBRULE(this.column);
    });
  });

  private splitPart = this.RULE("splitPart", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Train, { LABEL: "part" }) },
      { ALT: () => this.CONSUME(T.Test, { LABEL: "part" }) },
      { ALT: () => this.CONSUME(T.Validation, { LABEL: "part" }) },
    ]);
    this.SUBRULE(this.number);
  });

  private seedSetting = this.RULE("seedSetting", () => {
    this.CONSUME(T.Seed);
    this.CONSUME(T.NumberLiteral);
  });

  private modelBlock = this.RULE("modelBlock", () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.CONSUME(T.Colon);
    this.CONSUME2(T.Identifier, { LABEL: "family" });
    this.OPTION(() => {
      this.CONSUME(T.LCurly);
      this.MANY(() => this.SUBRULE(this.modelSetting));
      this.CONSUME(T.RCurly);
    });
  });

  private modelSetting = this.RULE("modelSetting", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.layerSetting) },
      {
        ALT: () => {
          this.CONSUME(T.Optimizer);
          this.CONSUME(T.Identifier, { LABEL: "optimizer" });
          this.MANY({
            GATE: () => !(this.LA(1).image in NETWORK_SETTINGS),
            DEF: () => {
              this.CONSUME2(T.Identifier, { LABEL: "optionName" });
              this.SUBRULE(this.number, { LABEL: "optionValue" });
            },
          });
        },
      },
      { ALT: () => this.SUBRULE(this.numericSetting) },
      { ALT: () => this.SUBRULE(this.seedSetting) },
      {
        ALT: () => {
          this.CONSUME(T.EarlyStopping);
          this.OPTION(() => {
            this.CONSUME(T.On);
            this.CONSUME3(T.Identifier, { LABEL: "stopMetric" });
          });
          this.CONSUME(T.Patience);
          this.CONSUME(T.NumberLiteral, { LABEL: "patience" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Schedule);
          this.CONSUME4(T.Identifier, { LABEL: "schedule" });
          this.OPTION2(() => this.SUBRULE2(this.number, { LABEL: "scheduleRate" }));
          this.OPTION3(() => {
            this.CONSUME5(T.Identifier, { LABEL: "every" });
            this.CONSUME2(T.NumberLiteral, { LABEL: "scheduleEvery" });
          });
        },
      },
      { ALT: () => this.SUBRULE(this.classWeightSetting) },
      {
        ALT: () => {
          this.CONSUME(T.SampleWeight);
          this.SUBRULE(this.column, { LABEL: "sampleWeight" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Backend);
          this.CONSUME6(T.Identifier, { LABEL: "backend" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Output);
          this.CONSUME7(T.Identifier, { LABEL: "output" });
        },
      },
      { ALT: () => this.SUBRULE(this.networkSetting) },
    ]);
  });

  /** A text network's shape: `embedding_dim 64`, `heads 4`, `pretrained "glove.txt"` (checked against NETWORK_SETTINGS). */
  private networkSetting = this.RULE("networkSetting", () => {
    this.CONSUME(T.Identifier, { LABEL: "key" });
    this.OR([
      { ALT: () => this.SUBRULE(this.number) },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: "path" }) },
    ]);
  });

  private classWeightSetting = this.RULE("classWeightSetting", () => {
    this.CONSUME(T.ClassWeight);
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: "balanced" }) },
      {
        ALT: () =>
          this.AT_LEAST_ONE_SEP({
            SEP: T.Comma,
            DEF: () => {
              this.CONSUME(T.StringLiteral, { LABEL: "cls" });
              this.CONSUME(T.Colon);
              this.SUBRULE(this.number, { LABEL: "weight" });
            },
          }),
      },
    ]);
  });

  private numericSetting = this.RULE("numericSetting", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.LearningRate, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.Epochs, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.BatchSize, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.Threshold, { LABEL: "key" }) },
      // Linear models solved exactly (a layer's own `l2` binds to its layer first).
      { ALT: () => this.CONSUME(T.L2, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.MaxIter, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.Tol, { LABEL: "key" }) },
    ]);
    this.SUBRULE(this.number);
  });

  private layerSetting = this.RULE("layerSetting", () => {
    this.CONSUME(T.Layer);
    this.CONSUME(T.NumberLiteral, { LABEL: "units" });
    this.OPTION(() => this.CONSUME(T.Identifier, { LABEL: "activation" }));
    this.OPTION2(() => {
      this.CONSUME(T.Dropout);
      this.SUBRULE(this.number);
    });
    this.OPTION3(() => {
      this.CONSUME(T.L2);
      this.SUBRULE2(this.number, { LABEL: "l2" });
    });
    this.OPTION4(() => this.CONSUME(T.BatchNorm));
  });

  private trainStmt = this.RULE("trainStmt", () => {
    this.CONSUME(T.Train);
    this.SUBRULE(this.idList, { LABEL: "models" });
    this.CONSUME(T.On);
    this.CONSUME(T.Identifier, { LABEL: "dataset" });
  });

  private evaluateStmt = this.RULE("evaluateStmt", () => {
    this.CONSUME(T.Evaluate);
    this.SUBRULE(this.judged);
  });

  /** What `evaluate` and `compare` judge: `MODEL, MODEL [on DATASET] against NEEDS`. */
  private judged = this.RULE("judged", () => {
    this.SUBRULE(this.idList, { LABEL: "models" });
    this.OPTION(() => {
      this.CONSUME(T.On);
      this.CONSUME(T.Identifier, { LABEL: "dataset" });
    });
    this.CONSUME(T.Against);
    this.CONSUME2(T.Identifier, { LABEL: "needs" });
  });

  private showStmt = this.RULE("showStmt", () => {
    this.CONSUME(T.Show);
    this.SUBRULE(this.idList, { LABEL: "views" });
    this.OPTION(() => {
      this.CONSUME(T.For);
      this.SUBRULE2(this.idList, { LABEL: "models" });
    });
  });

  private includeStmt = this.RULE("includeStmt", () => {
    this.CONSUME(T.Include);
    this.CONSUME(T.StringLiteral, { LABEL: "path" });
  });

  private explainStmt = this.RULE("explainStmt", () => {
    this.CONSUME(T.Explain);
    this.SUBRULE(this.idList, { LABEL: "models" });
  });

  private compareStmt = this.RULE("compareStmt", () => {
    this.CONSUME(T.Compare);
    this.SUBRULE(this.judged);
  });

  private tuneStmt = this.RULE("tuneStmt", () => {
    this.CONSUME(T.Tune);
    this.CONSUME(T.Identifier, { LABEL: "model" });
    this.CONSUME(T.On);
    this.CONSUME2(T.Identifier, { LABEL: "dataset" });
    this.CONSUME(T.Against);
    this.CONSUME3(T.Identifier, { LABEL: "needs" });
    this.OPTION(() => {
      this.CONSUME(T.Search);
      this.CONSUME4(T.Identifier, { LABEL: "search" });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Trials);
      this.CONSUME(T.NumberLiteral, { LABEL: "trials" });
    });
    this.OPTION3(() => this.SUBRULE(this.seedSetting));
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.tuneParam));
    this.CONSUME(T.RCurly);
  });

  private tuneParam = this.RULE("tuneParam", () => {
    this.CONSUME(T.Word, { LABEL: "param" });
    this.OPTION(() => {
      this.CONSUME(T.NumberLiteral, { LABEL: "layer" });
      this.CONSUME2(T.Word, { LABEL: "layerParam" });
    });
    this.CONSUME(T.In);
    this.CONSUME(T.LBracket);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.number) });
    this.CONSUME(T.RBracket);
  });

  private mitigateStmt = this.RULE("mitigateStmt", () => {
    this.CONSUME(T.Mitigate);
    this.SUBRULE(this.idList, { LABEL: "models" });
    this.CONSUME(T.By);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.column) });
    this.OPTION(() => {
      this.CONSUME(T.Using);
      this.CONSUME(T.Identifier, { LABEL: "method" });
    });
  });

  private exportStmt = this.RULE("exportStmt", () => {
    this.CONSUME(T.Export);
    this.SUBRULE(this.idList, { LABEL: "models" });
    this.CONSUME(T.To);
    this.CONSUME(T.StringLiteral, { LABEL: "path" });
  });

  private monitorStmt = this.RULE("monitorStmt", () => {
    this.CONSUME(T.Monitor);
    this.CONSUME(T.Identifier, { LABEL: "dataset" });
    this.CONSUME(T.With);
    this.CONSUME(T.StringLiteral, { LABEL: "path" });
    this.OPTION(() => {
      this.CONSUME(T.For);
      this.SUBRULE(this.idList, { LABEL: "models" });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Against);
      this.CONSUME2(T.Identifier, { LABEL: "needs" });
    });
    this.OPTION3(() => {
      this.CONSUME(T.By);
      this.CONSUME3(T.Identifier, { LABEL: "byKind" });
      this.SUBRULE(this.column, { LABEL: "byColumn" });
    });
  });

  private idList = this.RULE("idList", () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Identifier) });
  });
}

/** One parser instance: Chevrotain parsers are reusable and costly to build. */
export const parser = new NeedsParser();

export interface ParseOutput {
  cst: CstNode;
  lexErrors: { line: number; col: number; length: number; message: string }[];
  parseErrors: { token: IToken; message: string; previous?: IToken }[];
}

export function parseTokens(tokens: IToken[]): { cst: CstNode; errors: ParseOutput["parseErrors"] } {
  parser.input = tokens;
  const cst = parser.program();
  const errors = parser.errors.map((e) => ({
    token: e.token,
    message: e.message,
    previous: (e as { previousToken?: IToken }).previousToken,
  }));
  return { cst, errors };
}
