import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeSessionToken } from "@/lib/auth/session-token";

const secret = "session-token-test-secret-0123456789";

async function cookieFor(claims: Record<string, unknown>, maxAge = 3600): Promise<string> {
  return encode({ token: claims, secret, maxAge });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("decodeSessionToken", () => {
  it("decodes a cookie, and decodes it the same way again", async () => {
    const cookie = await cookieFor({ sub: "7", sv: 2, authAt: 1_700_000_000 });
    const first = await decodeSessionToken({ token: cookie, secret });
    const again = await decodeSessionToken({ token: cookie, secret });
    expect(first).toMatchObject({ sub: "7", sv: 2, authAt: 1_700_000_000 });
    expect(again).toEqual(first);
  });

  it("hands out copies: a caller that changes its token does not change the next caller's", async () => {
    const cookie = await cookieFor({ sub: "8", sv: 1 });
    const mine = await decodeSessionToken({ token: cookie, secret });
    mine!.sv = 99;
    expect(await decodeSessionToken({ token: cookie, secret })).toMatchObject({ sub: "8", sv: 1 });
  });

  it("refuses a remembered cookie once its token has expired", async () => {
    const cookie = await cookieFor({ sub: "9", sv: 1 }, 60);
    expect(await decodeSessionToken({ token: cookie, secret })).toMatchObject({ sub: "9" });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61_000 + 15_000 + 1_000);
    // Decoded afresh, and refused as next-auth's own decode refuses it (getToken then answers null).
    await expect(decodeSessionToken({ token: cookie, secret })).rejects.toThrow(/"exp" claim/);
  });

  it("refuses a cookie sealed with another secret (even one decoded before), and one that was tampered with", async () => {
    const cookie = await cookieFor({ sub: "10", sv: 1 });
    expect(await decodeSessionToken({ token: cookie, secret })).toMatchObject({ sub: "10" });
    await expect(decodeSessionToken({ token: cookie, secret: "another-secret-entirely-0123456789" })).rejects.toThrow();
    const tampered = cookie.slice(0, -4) + (cookie.endsWith("AAAA") ? "BBBB" : "AAAA");
    await expect(decodeSessionToken({ token: tampered, secret })).rejects.toThrow();
  });

  it("answers null without a cookie", async () => {
    expect(await decodeSessionToken({ token: undefined, secret })).toBeNull();
  });
});
