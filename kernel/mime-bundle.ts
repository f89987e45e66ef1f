/**
 * One MIME type's content as a Jupyter bundle: binary types (images, PDF)
 * travel as base64, as the protocol wants, and every bundle carries a
 * text/plain fallback so a console or a headless run still says what it is.
 */
import type { MimeBundle } from "./display";

export type MimeType = string;
export type MimeContent = string | Uint8Array;

/** Types Jupyter sends base64-encoded; every other type is text. */
const isBinary = (type: MimeType): boolean =>
  (type.startsWith("image/") && type !== "image/svg+xml") || type === "application/pdf";

const stripTags = (html: string): string =>
  html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, "")
    .replace(/<[^>]*>/g, "")
    .trim();

function textFallback(type: MimeType, text: string, bytes: number): string {
  if (type === "text/plain" || type === "text/markdown" || type === "text/latex") return text;
  if (type === "text/html") return stripTags(text);
  return `<${type}, ${bytes} bytes>`;
}

/** `{ [type]: content, "text/plain": fallback }`; a string given for a binary type is taken as base64 already. */
export function mimeBundle(type: MimeType, content: MimeContent): MimeBundle {
  if (isBinary(type)) {
    const base64 = typeof content === "string" ? content : Buffer.from(content).toString("base64");
    const bytes = typeof content === "string" ? Buffer.byteLength(content, "base64") : content.length;
    return { [type]: base64, "text/plain": textFallback(type, "", bytes) };
  }
  const text = typeof content === "string" ? content : Buffer.from(content).toString("utf8");
  return { ...(type === "text/plain" ? {} : { [type]: text }), "text/plain": textFallback(type, text, text.length) };
}
