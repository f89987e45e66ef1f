/**
 * Installing the kernelspec: a folder with kernel.json and logos in Jupyter's
 * data directory. Written directly, so no Python is needed.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeFileAtomic } from "../stdlib/fs/atomic";
import { logoPng } from "./logo";
import { PACKAGE_ROOT } from "./session";
import * as P from "../plan/plan";
// The word list, not the lexer: the CLI (and so every kernel start) imports this file, and Chevrotain costs 0.2 s.
import { KEYWORD_WORDS } from "../dsl/keywords";

export const KERNEL_NAME = "needlab";

/** Jupyter's per-user data directory, as jupyter_core computes it. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  if (platform === "darwin") return path.join(os.homedir(), "Library", "Jupyter");
  if (platform === "win32") return path.join(env.APPDATA ?? path.join(os.homedir(), "AppData", "Roaming"), "jupyter");
  return path.join(env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share"), "jupyter");
}

export function kernelJson(): Record<string, unknown> {
  return {
    // Absolute paths: Jupyter starts kernels from the notebook's folder, with whatever PATH it has.
    argv: [
      process.execPath,
      path.join(PACKAGE_ROOT, "bin", "needlab.js"),
      "kernel",
      "--connection-file",
      "{connection_file}",
    ],
    display_name: "needlab (TypeScript + needs)",
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { debugger: false },
  };
}

/** Words a DSL cell highlights as keywords (statements, settings) and as built-in names (metrics, options). */
export function highlightWords(): { keywords: string[]; builtins: string[] } {
  const keywords = [...KEYWORD_WORDS];
  const builtins = [
    ...P.NEED_METRICS,
    ...P.ACTIVATIONS,
    ...P.OPTIMIZERS,
    ...P.MODEL_FAMILIES,
    ...P.SHOW_VIEWS,
    ...P.TASKS,
    ...P.SCALINGS,
    ...P.ENCODINGS,
    ...P.MISSING_STRATEGIES,
    ...P.FILE_FORMATS,
    ...P.SCHEDULES,
    ...P.BACKENDS,
    ...P.SEARCHES,
    ...P.MITIGATIONS,
    ...P.COLUMN_TYPES,
    ...Object.keys(P.DERIVE_FUNCTIONS),
    ...P.TUNABLE,
    "balanced",
    "group",
    "time",
    "every",
  ];
  return {
    keywords: [...new Set(keywords)].sort(),
    builtins: [...new Set(builtins)].filter((w) => !keywords.includes(w)).sort(),
  };
}

/**
 * kernel.js, which the classic Notebook loads from the kernelspec: a
 * CodeMirror mode for the DSL, switched on for cells that start with
 * %%needs (the way the Notebook highlights %%javascript or %%bash cells);
 * other cells keep TypeScript highlighting from language_info.
 */
export function kernelJs(): string {
  const { keywords, builtins } = highlightWords();
  // String.raw: the regular expressions below reach the browser with their backslashes.
  return String.raw`// needlab: syntax highlighting for %%needs cells in the classic Jupyter Notebook (written by needlab install).
define(["codemirror/lib/codemirror", "notebook/js/codecell"], function (CodeMirror, codecell) {
  "use strict";
  var keywords = ${JSON.stringify(keywords)};
  var builtins = ${JSON.stringify(builtins)};
  var isKeyword = {}, isBuiltin = {};
  keywords.forEach(function (w) { isKeyword[w] = true; });
  builtins.forEach(function (w) { isBuiltin[w] = true; });
  CodeMirror.defineMode("needlab", function () {
    return {
      lineComment: "#",
      token: function (stream) {
        if (stream.eatSpace()) return null;
        if (stream.match(/^(#|\/\/).*/)) return "comment";
        if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return "string";
        if (stream.match(/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?:[ \t]*(?:ms|s|min|h|B|KB|MB|GB)\b)?%?/)) return "number";
        if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
          var w = stream.current();
          return isKeyword[w] ? "keyword" : isBuiltin[w] ? "builtin" : "variable";
        }
        if (stream.match(/^(?:>=|<=|==|!=|[<>=+\-*\/%])/)) return "operator";
        stream.next();
        return null;
      },
    };
  });
  CodeMirror.defineMIME("text/x-needlab", "needlab");
  return {
    onload: function () {
      codecell.CodeCell.options_default.highlight_modes["magic_needlab"] = { reg: ["^%%needs"] };
      var notebook = window.Jupyter && Jupyter.notebook;
      if (!notebook) return;
      var rehighlight = function () {
        notebook.get_cells().forEach(function (cell) {
          if (cell.cell_type === "code") cell.auto_highlight();
        });
      };
      // The Notebook sets every code cell to the kernel's language mode when the
      // kernel reports it (after this runs): pick each cell's mode again then.
      // (The notebook object is sealed, so the wrap goes on its prototype.)
      var proto = Object.getPrototypeOf(notebook);
      if (typeof proto._dispatch_mode === "function" && !proto._needlabWrapped) {
        var dispatch = proto._dispatch_mode;
        proto._needlabWrapped = true;
        proto._dispatch_mode = function () {
          var result = dispatch.apply(this, arguments);
          rehighlight();
          return result;
        };
      }
      rehighlight();
    },
  };
});
`;
}

export function installKernelspec(options: { prefix?: string; name?: string } = {}): string {
  const root = options.prefix ? path.join(path.resolve(options.prefix), "share", "jupyter") : userDataDir();
  const dir = path.join(root, "kernels", options.name ?? KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  writeFileAtomic(path.join(dir, "kernel.json"), JSON.stringify(kernelJson(), null, 2) + "\n");
  writeFileAtomic(path.join(dir, "logo-32x32.png"), logoPng(32));
  writeFileAtomic(path.join(dir, "logo-64x64.png"), logoPng(64));
  writeFileAtomic(path.join(dir, "kernel.js"), kernelJs());
  return dir;
}
