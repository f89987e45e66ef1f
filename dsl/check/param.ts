/** `param NAME = VALUE`: a notebook parameter holds a number, text, true or false, under a name of its own. */
import type * as A from "../ast";
import { error } from "../diagnostics";
import { paramValue } from "../params";
import type { Scope } from "./scope";

export function checkParam(st: A.ParamStmt, scope: Scope): void {
  scope.declare(st.name, new Set());
  const name = st.name.text;
  for (const [kind, names] of [
    ["dataset", scope.datasets],
    ["model", scope.models],
    ["needs", scope.needs],
  ] as const)
    if (names.has(name))
      scope.diags.push(
        error(
          st.name.span,
          `'${name}' is already a ${kind}; a parameter needs a name of its own (it becomes a variable)`,
        ),
      );
  const value = paramValue(st);
  if (value === undefined) {
    const v = st.value;
    const problem =
      "text" in v
        ? `'${v.text}' is not a value: a parameter is a number, a quoted string, true or false (for text, write "${v.text}")`
        : `a parameter is a plain number, without a unit (write ${Number.isFinite(v.value) ? `the number in ${"unit" in v && v.unit === "size" ? "bytes" : "milliseconds"}` : "a finite number"})`;
    scope.diags.push(error(v.span, problem));
    return;
  }
  scope.params.set(name, value);
}
