import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { createSigner, header, parse, serialize } from "../../kernel/protocol/wire";

const frames = (key: string, content: unknown, tamper?: (f: Buffer[]) => void) => {
  const f = serialize([Buffer.from("client-id")], header("execute_request", "s1"), {}, content, createSigner(key));
  tamper?.(f);
  return f;
};

describe("wire protocol", () => {
  it("signs header, parent, metadata and content with HMAC-SHA256, as Jupyter does", () => {
    const f = frames("secret", { code: "1+1" });
    const expected = createHmac("sha256", "secret").update(f[3]).update(f[4]).update(f[5]).update(f[6]).digest("hex");
    expect(f[1].toString()).toBe("<IDS|MSG>");
    expect(f[2].toString()).toBe(expected);
  });

  it("parses a well-signed message with its routing identity", () => {
    const r = parse(frames("secret", { code: "1+1" }), createSigner("secret"));
    expect(r.ok && r.message.content).toEqual({ code: "1+1" });
    expect(r.ok && r.message.identities.map(String)).toEqual(["client-id"]);
  });

  it("rejects a wrong signature, a tampered body and a missing signature", () => {
    expect(parse(frames("other-key", { code: "1" }), createSigner("secret"))).toEqual({
      ok: false,
      reason: "bad signature",
    });
    expect(
      parse(
        frames("secret", { code: "1" }, (f) => (f[6] = Buffer.from('{"code":"evil()"}'))),
        createSigner("secret"),
      ),
    ).toEqual({ ok: false, reason: "bad signature" });
    expect(
      parse(
        frames("secret", { code: "1" }, (f) => (f[2] = Buffer.from(""))),
        createSigner("secret"),
      ),
    ).toEqual({ ok: false, reason: "bad signature" });
  });

  it("accepts unsigned messages when the key is empty (Jupyter's no-authentication mode)", () => {
    const f = frames("", { code: "1" });
    expect(f[2].toString()).toBe("");
    expect(parse(f, createSigner("")).ok).toBe(true);
  });

  it("rejects malformed frames and invalid JSON without throwing", () => {
    expect(parse([Buffer.from("x")], createSigner("k"))).toEqual({ ok: false, reason: "malformed frames" });
    expect(
      parse(
        frames("", {}, (f) => (f[3] = Buffer.from("{not json"))),
        createSigner(""),
      ),
    ).toEqual({ ok: false, reason: "invalid JSON" });
  });
});
