/**
 * `include` for `needlab check`, as the kernel runs it: each included file is
 * checked before the source that includes it, a file that includes itself
 * (directly or through others) is refused at the `include`, as are more than
 * MAX_INCLUDES includes, and anything that is not a regular file. Each file is
 * read and checked once, however often it is included.
 */
import path from "node:path";
import { parseSource } from "../dsl/syntax";
import { Diagnostic, error } from "../dsl/diagnostics";
import { MAX_INCLUDES } from "../dsl/limits";
import { NeedlabError } from "../stdlib/errors";
import { readSourceFile } from "./source-file";

export { readSourceFile };

export interface NamedSource {
  name: string;
  text: string;
  /** The file's absolute path, when the source is a whole file (so that it cannot include itself). */
  file?: string;
}

export interface ExpandedSource extends NamedSource {
  /** Problems with this source's includes (cycles, missing files, too many). */
  includeProblems: Diagnostic[];
}

/** The sources in the order a run executes them: included files first, depth first. */
export function expandIncludes(sources: NamedSource[], dir: string, cwd = process.cwd()): ExpandedSource[] {
  const out: ExpandedSource[] = [];
  const done = new Set<string>();
  let count = 0;
  const visit = (src: NamedSource, stack: string[]): void => {
    const problems: Diagnostic[] = [];
    for (const st of parseSource(src.text).program.statements) {
      if (st.kind !== "include") continue;
      const file = path.resolve(dir, st.path.value);
      const shown = path.relative(cwd, file) || file;
      if (stack.includes(file)) {
        const chain = [...stack.slice(stack.indexOf(file)), file].map((f) => path.relative(cwd, f) || f);
        problems.push(
          error(
            st.path.span,
            `${st.path.value} includes itself (through ${chain.join(" → ")}): remove one of the includes`,
          ),
        );
        continue;
      }
      if (done.has(file)) continue;
      if (++count > MAX_INCLUDES) {
        problems.push(error(st.path.span, `more than ${MAX_INCLUDES} files are included: merge some of them`));
        break;
      }
      let text: string;
      try {
        text = readSourceFile(file, shown);
      } catch (e) {
        if (!(e instanceof NeedlabError)) throw e;
        problems.push(
          error(st.path.span, `${e.message.replace(/\.$/, "")} (paths are relative to the notebook's folder)`),
        );
        continue;
      }
      done.add(file);
      visit({ name: shown, text, file }, [...stack, file]);
    }
    out.push({ ...src, includeProblems: problems });
  };
  for (const src of sources) {
    if (src.file) done.add(src.file);
    visit(src, src.file ? [src.file] : []);
  }
  return out;
}
