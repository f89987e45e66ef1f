/**
 * Text in a dataset and text networks, as plain data: the `text` setting of a
 * dataset block (which columns hold messages and how they become terms or
 * token ids) and the settings of the network families that read them.
 */

export const ANALYZERS = ["word", "char", "char_wb"] as const;
export type TextAnalyzer = (typeof ANALYZERS)[number];
export const TEXT_PLACEHOLDERS = ["url", "email", "ticker", "number"] as const;
export type TextPlaceholder = (typeof TEXT_PLACEHOLDERS)[number];
export const UNICODE_FORMS = ["none", "nfkc"] as const;

/** How a dataset's messages are read; one vectoriser per model, fitted on the training rows only. */
export interface TextSpec {
  /** The columns holding the message; several are joined by a line break, in this order. */
  columns: string[];
  analyzer: TextAnalyzer;
  /** Smallest and largest n of the n-grams the TF-IDF baseline counts (networks read single tokens). */
  ngrams: [number, number];
  /** The most frequent terms (TF-IDF) or tokens (networks) kept; null: every term for TF-IDF, 20,000 tokens for networks. */
  vocabulary: number | null;
  /** A term kept must be in at least this many training texts (TF-IDF's min_df) / seen this many times (networks). */
  minCount: number;
  /** TF-IDF: drop terms in more than this share of the training texts. */
  maxDf: number;
  /** Networks: tokens per message after truncation or padding. */
  maxLength: number;
  lowercase: boolean;
  unicode: (typeof UNICODE_FORMS)[number];
  placeholders: TextPlaceholder[];
  /** TF-IDF: tf = 1 + ln(count). */
  sublinearTf: boolean;
  /** TF-IDF: count a term once per message. */
  binary: boolean;
}

/** The words a `text` setting takes after its columns, with what follows each. */
export const TEXT_SETTINGS: Record<string, string> = {
  ngrams: "ngrams N [to M]: word or character n-grams from N to M for the TF-IDF baseline (default 1 to 1)",
  analyzer:
    "analyzer word|char|char_wb: terms are words (default), character n-grams, or character n-grams inside words",
  vocabulary:
    "vocabulary N: keep the N most frequent terms or tokens (default: every term for TF-IDF, 20000 for networks)",
  min_count: "min_count N: keep a term found in at least N training messages (default 1)",
  max_df: "max_df SHARE: drop terms found in more than this share of training messages (default 100%)",
  max_length: "max_length N: networks read the first N tokens of a message (default 64)",
  lowercase: "lowercase true|false: fold case before anything else is done (default true)",
  unicode: "unicode nfkc|none: NFKC folds compatibility forms such as full-width letters and ligatures (default none)",
  placeholders:
    "placeholders url, email, ticker, number: each URL, e-mail address, $TICKER or number becomes one token (xxurl, xxemail, xxticker, xxnum)",
  sublinear_tf: "sublinear_tf [true|false]: TF-IDF weighs a term by 1 + ln(count) (default false)",
  binary: "binary [true|false]: TF-IDF counts a term once per message (default false)",
};

export const DEFAULT_TEXT: Omit<TextSpec, "columns"> = {
  analyzer: "word",
  ngrams: [1, 1],
  vocabulary: null,
  minCount: 1,
  maxDf: 1,
  maxLength: 64,
  lowercase: true,
  unicode: "none",
  placeholders: [],
  sublinearTf: false,
  binary: false,
};

/** Network families reading token ids; a `logistic_regression` on a text dataset is the TF-IDF baseline. */
export const TEXT_FAMILIES = ["embedding", "conv1d", "gru", "transformer"] as const;
export type TextFamily = (typeof TEXT_FAMILIES)[number];

export interface NetworkSpec {
  /** Width of each token's vector. */
  embeddingDim: number;
  /** conv1d: filters; gru: units; transformer: the feed-forward width. */
  units: number;
  /** conv1d: the window in tokens. */
  kernelSize: number;
  /** transformer: attention heads (dividing embedding_dim) and encoder blocks. */
  heads: number;
  blocks: number;
  /** A local tfjs model folder (model.json) or embeddings file whose token vectors start the embedding. */
  pretrained?: string;
}

/** The words a text network's block takes, besides the usual training settings. */
export const NETWORK_SETTINGS: Record<string, string> = {
  embedding_dim: "embedding_dim N: width of each token's vector (default 32)",
  units: "units N: conv1d filters, gru units, or the transformer's feed-forward width (default 32)",
  kernel_size: "kernel_size N: conv1d window in tokens (default 3)",
  heads: "heads N: transformer attention heads; embedding_dim must divide by it (default 2)",
  blocks: "blocks N: transformer encoder blocks (default 1)",
  pretrained:
    'pretrained "path": start the embedding from a local tfjs model folder (its first embedding layer) or a text file of `token v1 v2 ...` lines',
};

export const DEFAULT_NETWORK: NetworkSpec = {
  embeddingDim: 32,
  units: 32,
  kernelSize: 3,
  heads: 2,
  blocks: 1,
};
