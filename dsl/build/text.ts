/** The syntax tree of a dataset's `text` setting and of a text network's settings. */
import type { CstNode } from "chevrotain";
import type * as A from "../ast";
import * as N from "./nodes";

function textValue(n: CstNode): A.TextValue | undefined {
  const word = N.token(n.children, "word");
  if (word) return { kind: "word", value: N.name(word), span: N.tokenSpan(word) };
  const str = N.token(n.children, "string");
  if (str) {
    const value = N.unquote(str);
    return { kind: "string", value, span: value.span };
  }
  const value = N.numberLit(N.node(n.children, "number"));
  if (!value) return undefined;
  const upTo = N.intLit(N.token(n.children, "upTo"));
  return { kind: "number", value, ...(upTo ? { upTo } : {}), span: value.span };
}

export function textDecl(n: CstNode): A.TextDecl {
  return {
    columns: N.columns(n),
    options: N.nodes(n.children, "textOption").flatMap((o) => {
      const key = N.token(o.children, "key");
      if (!key) return [];
      return [{ key: N.name(key), values: N.nodes(o.children, "textValue").map(textValue).filter(N.defined) }];
    }),
  };
}

export function networkOption(n: CstNode): A.ModelDecl["network"][number] | undefined {
  const key = N.token(n.children, "key");
  const path = N.token(n.children, "path");
  const value = path ? N.unquote(path) : N.numberLit(N.node(n.children, "number"));
  return key && value ? { key: N.name(key), value } : undefined;
}
