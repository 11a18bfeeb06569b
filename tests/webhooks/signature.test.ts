import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyChallenge, verifySignature } from "@/lib/webhooks/signature";
import { SECRET, sign } from "./helpers";

const body = Buffer.from(JSON.stringify({ object: "whatsapp_business_account", entry: [] }));

describe("verifySignature", () => {
  it("accepts the HMAC-SHA256 of the raw bytes with the app secret", () => {
    expect(verifySignature(body, sign(body), SECRET)).toBe(true);
  });

  it("accepts upper-case hex", () => {
    expect(verifySignature(body, "sha256=" + sign(body).slice(7).toUpperCase(), SECRET)).toBe(true);
  });

  it("rejects a signature made with another secret", () => {
    expect(verifySignature(body, sign(body, "other-secret"), SECRET)).toBe(false);
  });

  it("rejects a changed body (one byte)", () => {
    const changed = Buffer.from(body);
    changed[changed.length - 2] = "]".charCodeAt(0) + 1;
    expect(verifySignature(changed, sign(body), SECRET)).toBe(false);
  });

  it("rejects a body re-serialised with different whitespace (must be the raw bytes)", () => {
    const pretty = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2));
    expect(verifySignature(pretty, sign(body), SECRET)).toBe(false);
  });

  it("rejects a missing or empty header", () => {
    expect(verifySignature(body, null, SECRET)).toBe(false);
    expect(verifySignature(body, "", SECRET)).toBe(false);
  });

  it("rejects another prefix (sha1=) or none", () => {
    const sha1 = "sha1=" + createHmac("sha1", SECRET).update(body).digest("hex");
    expect(verifySignature(body, sha1, SECRET)).toBe(false);
    expect(verifySignature(body, sign(body).slice("sha256=".length), SECRET)).toBe(false);
    expect(verifySignature(body, "sha1=" + sign(body).slice("sha256=".length), SECRET)).toBe(false);
  });

  it("rejects a wrong length or non-hex digest", () => {
    const good = sign(body);
    expect(verifySignature(body, good.slice(0, -2), SECRET)).toBe(false);
    expect(verifySignature(body, good + "00", SECRET)).toBe(false);
    expect(verifySignature(body, "sha256=" + "zz".repeat(32), SECRET)).toBe(false);
  });

  it("rejects everything when the secret is empty", () => {
    expect(verifySignature(body, sign(body, ""), "")).toBe(false);
  });
});

describe("verifyChallenge", () => {
  const params = (p: Record<string, string>) => new URLSearchParams(p);

  it("echoes the challenge for subscribe with the right token", () => {
    expect(
      verifyChallenge(
        params({ "hub.mode": "subscribe", "hub.verify_token": "tok-123", "hub.challenge": "1158201444" }),
        "tok-123",
      ),
    ).toBe("1158201444");
  });

  it("refuses a wrong token, a token of another length, or no token", () => {
    expect(
      verifyChallenge(params({ "hub.mode": "subscribe", "hub.verify_token": "tok-124", "hub.challenge": "1" }), "tok-123"),
    ).toBeNull();
    expect(
      verifyChallenge(params({ "hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "1" }), "tok-123"),
    ).toBeNull();
    expect(verifyChallenge(params({ "hub.mode": "subscribe", "hub.challenge": "1" }), "tok-123")).toBeNull();
  });

  it("refuses another mode and a missing challenge", () => {
    expect(
      verifyChallenge(params({ "hub.mode": "unsubscribe", "hub.verify_token": "tok-123", "hub.challenge": "1" }), "tok-123"),
    ).toBeNull();
    expect(verifyChallenge(params({ "hub.mode": "subscribe", "hub.verify_token": "tok-123" }), "tok-123")).toBeNull();
  });

  it("refuses everything when no verify token is configured", () => {
    expect(
      verifyChallenge(params({ "hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1" }), undefined),
    ).toBeNull();
    expect(verifyChallenge(params({ "hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1" }), "")).toBeNull();
  });
});
