/**
 * Headless `needlab run` without TypeScript's type checker in the loop: in a
 * notebook nobody is editing, a type error would surface as a runtime error
 * anyway, and checking every cell's types is most of the compiler's time.
 *
 * tslab's converter asks `ts.getPreEmitDiagnosticsOfFiles` for each cell's
 * diagnostics; this hands it a TypeScript module whose function returns the
 * syntax errors only, plus the one semantic diagnostic tslab needs to know
 * (an `await` outside any function, code 1308: then it wraps the cell in an
 * async function), found from the syntax tree. It must run before tslab's
 * converter is first loaded, and applies to the whole process.
 */
import type * as TS from "typescript";

const TOP_LEVEL_AWAIT = 1308;

let installed = false;

export function skipTypeChecking(): void {
  if (installed) return;
  installed = true;
  const id = require.resolve("@tslab/typescript-for-tslab");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof TS = require(id);
  const syntaxOnly = (program: TS.Program, files: readonly TS.SourceFile[]): readonly TS.Diagnostic[] => [
    ...program.getOptionsDiagnostics(),
    ...files.flatMap((f) => [
      ...program.getSyntacticDiagnostics(f),
      // tslab looks for them in the cell's own file only.
      ...(f.fileName.endsWith("__tslab__.ts") ? topLevelAwaits(ts, f) : []),
    ]),
  ];
  const cached = require.cache[id]!;
  // The module's exports are getters that cannot be redefined; a proxy answers this one name differently.
  cached.exports = new Proxy(cached.exports, {
    get: (target, name, receiver) =>
      name === "getPreEmitDiagnosticsOfFiles" ? syntaxOnly : Reflect.get(target, name, receiver),
  });
}

/** A diagnostic like the checker's for each `await` that no function encloses. */
function topLevelAwaits(ts: typeof TS, file: TS.SourceFile): TS.Diagnostic[] {
  const found: TS.Diagnostic[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    const awaitKeyword = ts.isAwaitExpression(node)
      ? node.getFirstToken(file)
      : ts.isForOfStatement(node) && node.awaitModifier
        ? node.awaitModifier
        : undefined;
    if (awaitKeyword)
      found.push({
        file,
        start: awaitKeyword.getStart(file),
        length: awaitKeyword.getWidth(file),
        code: TOP_LEVEL_AWAIT,
        category: ts.DiagnosticCategory.Error,
        messageText: "'await' expressions are only allowed within async functions and at the top levels of modules.",
      });
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
