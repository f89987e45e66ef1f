/**
 * Provenance in notebooks: the manifest (study/manifest.ts) stored in an
 * executed notebook's `metadata.needlab.provenance`, with each DSL cell's
 * place, id and text hash.
 */
import { isDslCell } from "../plan/magic";
import escapeHtml from "escape-html";
import { cellSource, type Notebook, withCellIds } from "./notebook";
import { type Manifest, manifestOf, sha256 } from "./study/manifest";
import type { StudyState } from "./study/state";

export type { Manifest } from "./study/manifest";

/** Each DSL cell of a notebook: its place, its id and its text's hash. */
export const notebookDsl = (nb: Notebook): Manifest["dsl"] =>
  nb.cells.flatMap((cell, i) =>
    cell.cell_type === "code" && isDslCell(cellSource(cell))
      ? [{ cell: i + 1, ...(cell.id ? { id: cell.id } : {}), sha256: sha256(cellSource(cell)) }]
      : [],
  );

/** The notebook with the manifest in `metadata.needlab.provenance` (other needlab metadata kept). */
export function withProvenance(nb: Notebook, manifest: Manifest): Notebook {
  const needlab = (nb.metadata.needlab ?? {}) as Record<string, unknown>;
  return { ...nb, metadata: { ...nb.metadata, needlab: { ...needlab, provenance: manifest } } };
}

export const provenanceOf = (nb: Notebook): Manifest | undefined =>
  (nb.metadata?.needlab as { provenance?: Manifest } | undefined)?.provenance;

/** An executed notebook with cell ids and the manifest of the study that ran it, ended now. */
export function stampProvenance(nb: Notebook, state: StudyState, baseDir: string): Notebook {
  const withIds = withCellIds(nb);
  return withProvenance(withIds, manifestOf(state, baseDir, { dsl: notebookDsl(withIds), ended: new Date() }));
}

/** The manifest as a collapsed block for the HTML report. */
export function provenanceBlock(nb: Notebook): string {
  const manifest = provenanceOf(nb);
  if (!manifest) return "";
  return `<details class="provenance"><summary>Provenance: what produced these results</summary><pre>${escapeHtml(JSON.stringify(manifest, null, 2))}</pre></details>`;
}
