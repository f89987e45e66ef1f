/**
 * Grammar of the needs DSL (Chevrotain CstParser with error recovery).
 *
 *   program      := statement*
 *   statement    := needsBlock | datasetBlock | modelBlock | trainStmt | evaluateStmt | showStmt
 *   showStmt     := "show" idList ("for" idList)?
 *   explainStmt  := "explain" idList
 *   includeStmt  := "include" STRING          (declarations kept in a .needs file)
 *   laterStmt    := "tune" idList "on" ID "against" ID | "mitigate" idList "by" column ("," column)*
 *                 | "export" idList "to" STRING | "monitor" ID "with" STRING      (checked; not available yet)
 *   needsBlock   := "needs" ID "{" needItem* "}"
 *   needItem     := ("must" | "should")? ID comparator number ("on" "class" STRING)?
 *                   ("by" column ("," column)* ("privileged" STRING)? ("min_group_size" NUMBER)?)? ("because" STRING)?
 *   datasetBlock := "dataset" ID "{" datasetSetting* "}"
 *   datasetSetting := "source" STRING | "target" column ("positive" STRING)? | "drop" column ("," column)*
 *                   | "sensitive" column ("," column)* | "pii" column ("," column)*
 *                   | "derive" ID "=" ID "(" column "," "[" number ("," number)* "]" ")"
 *                   | "split" splitPart ("," splitPart)* | "stratify" | "seed" NUMBER
 *   column       := WORD | STRING            (any word, keywords included, or a quoted name)
 *   modelBlock   := "model" ID ":" ID ("{" modelSetting* "}")?
 *   trainStmt    := "train" idList "on" ID
 *   evaluateStmt := "evaluate" idList ("on" ID)? "against" ID
 *   modelSetting := "layer" NUMBER ID? ("dropout" number)? ("l2" number)? "batch_norm"? | "optimizer" ID
 *                 | "early_stopping" "patience" NUMBER
 *                 | ("learning_rate" | "epochs" | "batch_size" | "threshold") number | "seed" NUMBER
 *   number       := NUMBER "%"?
 */
import { CstNode, CstParser, IToken } from "chevrotain";
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
      { ALT: () => this.SUBRULE(this.laterStmt) },
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
    this.SUBRULE(this.comparator);
    this.SUBRULE(this.number);
    this.OPTION2(() => {
      this.CONSUME(T.On);
      this.CONSUME(T.Class);
      this.CONSUME(T.StringLiteral, { LABEL: "className" });
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
      { ALT: () => this.SUBRULE(this.targetSetting) },
      { ALT: () => this.SUBRULE(this.dropSetting) },
      { ALT: () => this.SUBRULE(this.sensitiveSetting) },
      { ALT: () => this.SUBRULE(this.piiSetting) },
      { ALT: () => this.SUBRULE(this.deriveSetting) },
      { ALT: () => this.SUBRULE(this.splitSetting) },
      { ALT: () => this.CONSUME(T.Stratify) },
      { ALT: () => this.SUBRULE(this.seedSetting) },
    ]);
  });

  private sourceSetting = this.RULE("sourceSetting", () => {
    this.CONSUME(T.Source);
    this.CONSUME(T.StringLiteral);
  });

  private targetSetting = this.RULE("targetSetting", () => {
    this.CONSUME(T.Target);
    this.SUBRULE(this.column);
    this.OPTION(() => {
      this.CONSUME(T.Positive);
      this.CONSUME(T.StringLiteral, { LABEL: "positive" });
    });
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
    this.CONSUME2(T.Identifier, { LABEL: "fn" });
    this.CONSUME(T.LParen);
    this.SUBRULE(this.column);
    this.CONSUME(T.Comma);
    this.CONSUME(T.LBracket);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.number) });
    this.CONSUME(T.RBracket);
    this.CONSUME(T.RParen);
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
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.splitPart) });
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
        },
      },
      { ALT: () => this.SUBRULE(this.numericSetting) },
      { ALT: () => this.SUBRULE(this.seedSetting) },
      {
        ALT: () => {
          this.CONSUME(T.EarlyStopping);
          this.CONSUME(T.Patience);
          this.CONSUME(T.NumberLiteral, { LABEL: "patience" });
        },
      },
    ]);
  });

  private numericSetting = this.RULE("numericSetting", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.LearningRate, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.Epochs, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.BatchSize, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.Threshold, { LABEL: "key" }) },
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

  /** Statements whose library work is not built yet: they parse and check, then say so. */
  private laterStmt = this.RULE("laterStmt", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Tune, { LABEL: "verb" });
          this.SUBRULE(this.idList, { LABEL: "models" });
          this.CONSUME(T.On);
          this.CONSUME(T.Identifier, { LABEL: "dataset" });
          this.CONSUME(T.Against);
          this.CONSUME2(T.Identifier, { LABEL: "needs" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Mitigate, { LABEL: "verb" });
          this.SUBRULE2(this.idList, { LABEL: "models" });
          this.CONSUME(T.By);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.column) });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Export, { LABEL: "verb" });
          this.SUBRULE3(this.idList, { LABEL: "models" });
          this.CONSUME(T.To);
          this.CONSUME(T.StringLiteral, { LABEL: "path" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Monitor, { LABEL: "verb" });
          this.CONSUME3(T.Identifier, { LABEL: "dataset" });
          this.CONSUME(T.With);
          this.CONSUME2(T.StringLiteral, { LABEL: "path" });
        },
      },
    ]);
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
  const errors = parser.errors.map((e) => ({ token: e.token, message: e.message, previous: (e as { previousToken?: IToken }).previousToken }));
  return { cst, errors };
}
