/**
 * Reading a DSL file (a .needs file, an include): a regular file of bounded
 * size, or one clear message naming it. Kept apart from the parser so that
 * the kernel can use it without loading Chevrotain at start.
 */
import fs from "node:fs";
import { MAX_SOURCE_CHARS } from "../dsl/limits";
import { NeedlabError } from "../stdlib/errors";
import { assertRegularFile } from "../stdlib/fs/atomic";

/** Reads a DSL file: a regular file of bounded size, or a NeedlabError naming it. */
export function readSourceFile(file: string, shown = file): string {
  assertRegularFile(file, shown);
  const size = fs.statSync(file).size;
  if (size > MAX_SOURCE_CHARS * 4)
    throw new NeedlabError(
      `${shown} is ${size.toLocaleString("en")} bytes; a needs file holds at most ${MAX_SOURCE_CHARS.toLocaleString("en")} characters: split it`,
    );
  return fs.readFileSync(file, "utf8");
}
