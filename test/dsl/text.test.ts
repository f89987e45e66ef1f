/**
 * The `text` setting of a dataset block and the text model kinds: parsed,
 * checked (each bad value one positioned message with the fix) and lowered
 * to the plan with defaults filled in.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../dsl";
import { emptyEnv } from "../../dsl/check";
import { DEFAULT_NETWORK, DEFAULT_TEXT, NETWORK_SETTINGS, TEXT_SETTINGS } from "../../plan/plan";
import { complete, inspect } from "../../dsl/assist";

const env = emptyEnv(() => ({ columns: ["id", "message", "subject", "intent", "channel"] }));
const dataset = (text: string, extra = "") =>
  `dataset d { source "f.csv" target intent multiclass ${text} sensitive channel${extra} }`;
const errors = (src: string) =>
  compile(src, env)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => d.message);

describe("the text setting", () => {
  it("lowers every setting, columns in order, defaults for the rest", () => {
    const plan = compile(
      dataset(
        "text message, subject ngrams 1 to 2 analyzer char_wb vocabulary 5000 min_count 2 max_df 90% max_length 32 lowercase false unicode nfkc placeholders url, number sublinear_tf",
      ),
      env,
    ).plan!;
    const step = plan.steps[0];
    expect(step.op === "defineDataset" && step.dataset.text).toEqual({
      columns: ["message", "subject"],
      analyzer: "char_wb",
      ngrams: [1, 2],
      vocabulary: 5000,
      minCount: 2,
      maxDf: 0.9,
      maxLength: 32,
      lowercase: false,
      unicode: "nfkc",
      placeholders: ["url", "number"],
      sublinearTf: true,
      binary: false,
    });
  });

  it("takes a bare column with scikit-learn's defaults, and a flag before another setting", () => {
    const bare = compile(dataset("text message"), env).plan!.steps[0];
    expect(bare.op === "defineDataset" && bare.dataset.text).toEqual({ ...DEFAULT_TEXT, columns: ["message"] });
    const flag = compile(dataset("text message binary ngrams 2"), env).plan!.steps[0];
    expect(flag.op === "defineDataset" && flag.dataset.text).toMatchObject({ binary: true, ngrams: [2, 2] });
  });

  it("checks text columns against the file's header and against the other roles", () => {
    expect(errors(dataset("text mesage"))).toEqual([
      expect.stringMatching(/column 'mesage' is not in f\.csv.*did you mean 'message'/),
    ]);
    expect(errors(dataset("text intent"))).toEqual([
      "'intent' is the target, so it cannot also be a text column: remove it from one",
    ]);
    expect(errors(dataset("text channel"))).toEqual([
      "'channel' is sensitive (never a feature), so it cannot also be a text column: remove it from one",
    ]);
  });

  it("refuses unknown settings and bad values, each with the fix", () => {
    expect(errors(dataset("text message ngram 2"))).toEqual([
      expect.stringMatching(/unknown text setting 'ngram'.*ngrams/),
    ]);
    expect(errors(dataset("text message analyzer chars"))).toEqual([
      expect.stringMatching(/^analyzer is one of word, char, char_wb.*char/),
    ]);
    expect(errors(dataset("text message ngrams 2 to 1"))).toEqual([
      expect.stringContaining("ngrams are whole numbers with 1 <= N <= M <= 10"),
    ]);
    expect(errors(dataset("text message max_df 0"))).toEqual([expect.stringContaining("max_df is a share")]);
    expect(errors(dataset("text message min_count 1.5"))).toEqual(["min_count is a whole number, at least 1, not 1.5"]);
    expect(errors(dataset("text message placeholders url, phone"))).toEqual([
      expect.stringMatching(/^placeholders is one of url, email, ticker, number, none/),
    ]);
    expect(errors(dataset("text message lowercase"))).toEqual([expect.stringMatching(/^lowercase needs a value/)]);
  });
});

describe("text model kinds", () => {
  it("lowers a network's shape with defaults, and pretrained as written", () => {
    const plan = compile(
      'model t: transformer { embedding_dim 64 heads 4 blocks 2 epochs 3 }\nmodel e: embedding { pretrained "vectors.txt" }',
      env,
    ).plan!;
    const [t, e] = plan.steps;
    expect(t.op === "defineModel" && t.model).toMatchObject({
      family: "transformer",
      epochs: 3,
      network: { ...DEFAULT_NETWORK, embeddingDim: 64, heads: 4, blocks: 2 },
    });
    expect(t.op === "defineModel" && t.model.solver).toBeUndefined();
    expect(e.op === "defineModel" && e.model.network).toEqual({ ...DEFAULT_NETWORK, pretrained: "vectors.txt" });
  });

  it("keeps an optimizer's own settings apart from a network's", () => {
    const plan = compile("model g: gru { optimizer adam beta1 0.8 units 16 }", env).plan!;
    const g = plan.steps[0];
    expect(g.op === "defineModel" && [g.model.optimizerOptions, g.model.network?.units]).toEqual([{ beta1: 0.8 }, 16]);
  });

  it("refuses network settings on other kinds, and bad values", () => {
    expect(errors("model m: dense { layer 8 relu units 4 }")).toEqual([
      "units shapes a text network (embedding, conv1d, gru, transformer), not a dense",
    ]);
    expect(errors("model m: conv1d { kernel_size 0 }")).toEqual([
      expect.stringMatching(/^kernel_size is a whole number from 1 to 4096/),
    ]);
    expect(errors("model m: embedding { pretrained 3 }")).toEqual([
      expect.stringMatching(/^pretrained takes a path in quotes/),
    ]);
    expect(errors("model m: gru { layer 8 }")).toEqual([expect.stringMatching(/^a gru network has no `layer` lines/)]);
  });
});

describe("completion and inspect for text", () => {
  const at = (src: string) =>
    complete(src.replace("|", ""), src.indexOf("|"), { datasets: [], models: [], needs: [], columns: ["message"] });
  it("offers the text settings, each setting's values, and a text network's settings", () => {
    expect(at('dataset d { source "f.csv" text message |').matches).toEqual(
      expect.arrayContaining(Object.keys(TEXT_SETTINGS)),
    );
    expect(at('dataset d { source "f.csv" text message analyzer |').matches).toEqual(["char", "char_wb", "word"]);
    expect(at('dataset d { source "f.csv" text message placeholders url, |').matches).toEqual([
      "email",
      "number",
      "ticker",
      "url",
    ]);
    expect(at("model m: transformer { he|").matches).toEqual(["heads"]);
    expect(at("model m: dense { he|").matches).toEqual([]);
  });
  it("explains the text keyword, each text setting and each network setting", () => {
    expect(inspect("text", 0)).toMatch(/^text COL\[, COL\]/);
    for (const word of [...Object.keys(TEXT_SETTINGS), ...Object.keys(NETWORK_SETTINGS)])
      expect(inspect(word, 0)).toMatch(new RegExp(`^${word}`));
  });
});
