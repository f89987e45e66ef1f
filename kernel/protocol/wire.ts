/**
 * The Jupyter wire protocol (messaging 5.3): framing, HMAC signing, and
 * verification in constant time. A message whose signature does not verify
 * is dropped: nothing derived from it is ever sent back.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export const PROTOCOL_VERSION = "5.3";
const DELIMITER = "<IDS|MSG>";

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export interface Message<C = Record<string, unknown>> {
  identities: Buffer[];
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}

export interface Signer {
  sign(parts: Buffer[]): string;
  verify(signature: string, parts: Buffer[]): boolean;
}

/** HMAC over header, parent, metadata and content; an empty key means no authentication, as in Jupyter. */
export function createSigner(key: string, scheme = "hmac-sha256"): Signer {
  const algorithm = scheme.replace(/^hmac-/, "");
  const sign = (parts: Buffer[]) => {
    if (!key) return "";
    const h = createHmac(algorithm, key);
    for (const p of parts) h.update(p);
    return h.digest("hex");
  };
  return {
    sign,
    verify(signature, parts) {
      if (!key) return true;
      const expected = Buffer.from(sign(parts), "utf8");
      const given = Buffer.from(signature, "utf8");
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

export type ParseResult = { ok: true; message: Message } | { ok: false; reason: string };

export function parse(frames: Buffer[], signer: Signer): ParseResult {
  const at = frames.findIndex((f) => f.toString("utf8") === DELIMITER);
  if (at < 0 || frames.length < at + 6) return { ok: false, reason: "malformed frames" };
  const signature = frames[at + 1].toString("utf8");
  const parts = frames.slice(at + 2, at + 6);
  if (!signer.verify(signature, parts)) return { ok: false, reason: "bad signature" };
  try {
    const [header, parent_header, metadata, content] = parts.map((p) => JSON.parse(p.toString("utf8")));
    if (!header || typeof header.msg_type !== "string") return { ok: false, reason: "no msg_type" };
    return {
      ok: true,
      message: {
        identities: frames.slice(0, at),
        header,
        parent_header: parent_header ?? {},
        metadata: metadata ?? {},
        content: content ?? {},
        buffers: frames.slice(at + 6),
      },
    };
  } catch {
    return { ok: false, reason: "invalid JSON" };
  }
}

export function header(msgType: string, session: string): Header {
  return {
    msg_id: randomUUID(),
    session,
    username: "needlab",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

export function serialize(
  identities: Buffer[],
  h: Header,
  parent: Message["parent_header"],
  content: unknown,
  signer: Signer,
  metadata: Record<string, unknown> = {},
): Buffer[] {
  const parts = [h, parent, metadata, content].map((p) => Buffer.from(JSON.stringify(p), "utf8"));
  return [...identities, Buffer.from(DELIMITER), Buffer.from(signer.sign(parts)), ...parts];
}
