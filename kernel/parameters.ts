/**
 * `needlab run NB -p name value [-f params.json]`, as papermill does it: the
 * values are read as papermill's command line reads them (True/False,
 * whole numbers, decimals, else text), and a code cell tagged
 * `injected-parameters` goes right after the cell tagged `parameters` (at
 * the top when there is none; in place of an earlier injected cell), with
 * the parameters under `metadata.papermill.parameters`. The injected cell is
 * a `%%needs` cell of `param` lines: DSL cells read `${name}`, TypeScript
 * cells a const of the same name.
 */
import fs from "node:fs";
import { CELL_MAGIC, isDslCell } from "../plan/magic";
import type { ParamValue } from "../plan/plan";
import { closest } from "../plan/suggest";
import { NeedlabError } from "../stdlib/errors";
import { cellSource, type Notebook, type NotebookCell } from "./notebook";

export type Parameters = Record<string, ParamValue>;

export const PARAMETERS_TAG = "parameters";
export const INJECTED_TAG = "injected-parameters";
/** Joins `-p NAME VALUE` into one argument for commander, which takes one value per option. */
const PAIR = "\u0000";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WHOLE = /^\s*[+-]?\d+(?:_\d+)*\s*$/;
const DECIMAL = /^\s*[+-]?(?:\d+(?:_\d+)*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** papermill's `_resolve_type`: True/False, an int, a float, else the text as given. */
export function parseParameterValue(name: string, raw: string): ParamValue {
  if (raw === "True") return true;
  if (raw === "False") return false;
  if (raw === "None")
    throw new NeedlabError(
      `-p ${name} None: a needlab parameter holds a number, text, True or False; leave the parameter out to keep the notebook's default`,
    );
  if (WHOLE.test(raw) || DECIMAL.test(raw)) return Number(raw.trim().replace(/_/g, ""));
  return raw;
}

/** Before commander parses: each `-p NAME VALUE` becomes `-p NAME<NUL>VALUE` (a value may start with '-'). */
export function joinParameterPairs(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if ((a === "-p" || a === "--parameters") && i + 2 < argv.length) {
      out.push(a, `${argv[i + 1]}${PAIR}${argv[i + 2]}`);
      i += 2;
    } else out.push(a);
  }
  return out;
}

/** commander's collector for `-p`: the joined pairs, in order. */
export const collectPair = (value: string, all: string[] = []): string[] => [...all, value];

function checkName(name: string, where: string): void {
  if (!NAME.test(name))
    throw new NeedlabError(
      `${where}: '${name}' cannot be a parameter name: use letters, digits and _ (not starting with a digit)`,
    );
}

/** The parameters of `-f FILE` (a JSON object), then of each `-p` (later ones win, as in papermill). */
export function readParameters(pairs: string[], file?: string): Parameters {
  const params: Parameters = {};
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ? "cannot be read" : "is not valid JSON";
      throw new NeedlabError(`-f ${file} ${why}: it holds one JSON object, such as {"seed": 3, "client": "acme"}`);
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
      throw new NeedlabError(`-f ${file} holds one JSON object of parameters, such as {"seed": 3, "client": "acme"}`);
    for (const [name, value] of Object.entries(parsed)) {
      checkName(name, `-f ${file}`);
      if (!["number", "string", "boolean"].includes(typeof value) || (typeof value === "number" && !isFinite(value)))
        throw new NeedlabError(
          `-f ${file}: parameter '${name}' is ${JSON.stringify(value)}; a parameter holds a number, text, true or false`,
        );
      params[name] = value as ParamValue;
    }
  }
  for (const pair of pairs) {
    const at = pair.indexOf(PAIR);
    if (at < 0) throw new NeedlabError(`-p takes a name and a value, as papermill's: -p seed 3`);
    const name = pair.slice(0, at);
    checkName(name, "-p");
    params[name] = parseParameterValue(name, pair.slice(at + 1));
  }
  return params;
}

const tagged = (cell: NotebookCell, tag: string): boolean =>
  Array.isArray((cell.metadata as { tags?: unknown }).tags) && (cell.metadata.tags as unknown[]).includes(tag);

/** Names a parameters cell declares: `param NAME =` in a DSL cell, `const|let|var NAME =` in TypeScript. */
export function declaredParameters(cell: NotebookCell): string[] {
  const text = cellSource(cell);
  const pattern = isDslCell(text)
    ? /^\s*param\s+([A-Za-z_]\w*)\s*=/gm
    : /^\s*(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*[=:]/gm;
  return [...text.matchAll(pattern)].map((m) => m[1]);
}

const literal = (v: ParamValue): string => (typeof v === "string" ? JSON.stringify(v) : String(v));

/** The injected cell's source: papermill's "Parameters" comment, then one `param` line each. */
export const injectedSource = (params: Parameters): string =>
  [CELL_MAGIC, "# Parameters", ...Object.entries(params).map(([k, v]) => `param ${k} = ${literal(v)}`)].join("\n");

/**
 * The notebook with the parameters injected, and the warnings papermill
 * gives: no cell tagged `parameters`, or a name it does not declare.
 */
export function injectParameters(nb: Notebook, params: Parameters): { notebook: Notebook; warnings: string[] } {
  const out: Notebook = structuredClone(nb);
  const warnings: string[] = [];
  const paramsAt = out.cells.findIndex((c) => tagged(c, PARAMETERS_TAG));
  const injectedAt = out.cells.findIndex((c) => tagged(c, INJECTED_TAG));
  if (paramsAt < 0) warnings.push(`the notebook has no cell tagged '${PARAMETERS_TAG}': the parameters go first`);
  else {
    const declared = declaredParameters(out.cells[paramsAt]);
    for (const name of Object.keys(params))
      if (!declared.includes(name)) {
        const near = closest(name, declared);
        warnings.push(
          `parameter '${name}' is not declared in the cell tagged '${PARAMETERS_TAG}'` +
            (near ? ` (did you mean '${near}'?)` : declared.length ? ` (it declares ${declared.join(", ")})` : "") +
            `; it is passed anyway`,
        );
      }
  }
  const cell: NotebookCell = {
    cell_type: "code",
    // nbformat 4.5 gives every cell an id; 4.4 and earlier allow none.
    ...(out.nbformat_minor >= 5 ? { id: INJECTED_TAG } : {}),
    metadata: { tags: [INJECTED_TAG] },
    source: injectedSource(params),
    outputs: [],
    execution_count: null,
  };
  if (injectedAt >= 0) out.cells.splice(injectedAt, 1, cell);
  else out.cells.splice(paramsAt + 1, 0, cell);
  const papermill = (out.metadata.papermill ?? {}) as Record<string, unknown>;
  out.metadata.papermill = { ...papermill, parameters: params };
  return { notebook: out, warnings };
}
