/** The `text` setting and a text network's settings → plain specs, defaults filled in (plan/text.ts). */
import type * as A from "./ast";
import {
  DEFAULT_NETWORK,
  DEFAULT_TEXT,
  TEXT_FAMILIES,
  type NetworkSpec,
  type TextPlaceholder,
  type TextSpec,
} from "../plan/plan";

const word = (v: A.TextValue | undefined) => (v?.kind === "word" ? v.value.text : undefined);
const num = (v: A.TextValue | undefined) => (v?.kind === "number" ? v.value.value : undefined);
const flag = (values: A.TextValue[]) => word(values[0]) !== "false";

export function lowerText(decl: A.TextDecl): TextSpec {
  const spec: TextSpec = { ...DEFAULT_TEXT, columns: decl.columns.map((c) => c.text) };
  for (const { key, values } of decl.options) {
    const first = values[0];
    switch (key.text) {
      case "ngrams":
        if (first?.kind === "number") spec.ngrams = [first.value.value, (first.upTo ?? first.value).value];
        break;
      case "analyzer":
        spec.analyzer = word(first) as TextSpec["analyzer"];
        break;
      case "vocabulary":
        spec.vocabulary = num(first) ?? null;
        break;
      case "min_count":
        spec.minCount = num(first) ?? spec.minCount;
        break;
      case "max_df":
        spec.maxDf = num(first) ?? spec.maxDf;
        break;
      case "max_length":
        spec.maxLength = num(first) ?? spec.maxLength;
        break;
      case "lowercase":
        spec.lowercase = flag(values);
        break;
      case "unicode":
        spec.unicode = word(first) as TextSpec["unicode"];
        break;
      case "placeholders":
        spec.placeholders = values.map(word).filter((w): w is TextPlaceholder => !!w && w !== "none");
        break;
      case "sublinear_tf":
        spec.sublinearTf = flag(values);
        break;
      case "binary":
        spec.binary = flag(values);
        break;
    }
  }
  return spec;
}

const FIELDS: Record<string, keyof NetworkSpec> = {
  embedding_dim: "embeddingDim",
  units: "units",
  kernel_size: "kernelSize",
  heads: "heads",
  blocks: "blocks",
};

/** A text network's shape, or nothing for other families. */
export function lowerNetwork(decl: A.ModelDecl): { network?: NetworkSpec } {
  if (!(TEXT_FAMILIES as readonly string[]).includes(decl.family.text)) return {};
  const network: NetworkSpec = { ...DEFAULT_NETWORK };
  for (const { key, value } of decl.network) {
    if (key.text === "pretrained" && !("raw" in value)) network.pretrained = value.value;
    else if (FIELDS[key.text] && "raw" in value) (network[FIELDS[key.text]] as number) = value.value;
  }
  return { network };
}
