import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/auth/client-address";

describe("the client address a sign-in is counted against", () => {
  it("takes the entry the trusted proxies wrote, counting from the right", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" });
    expect(clientAddress(headers, 1)).toBe("10.0.0.2");
    expect(clientAddress(headers, 2)).toBe("203.0.113.7");
  });

  it("reads plain header records (next-auth's) and cleans ports, brackets and IPv4-mapped IPv6", () => {
    expect(clientAddress({ "x-forwarded-for": "::ffff:127.0.0.1" }, 1)).toBe("127.0.0.1");
    expect(clientAddress({ "x-forwarded-for": "[2001:DB8::1]:443" }, 1)).toBe("2001:db8::1");
    expect(clientAddress({ "x-forwarded-for": "198.51.100.2:5555" }, 1)).toBe("198.51.100.2");
  });

  it("says unknown rather than trusting something that is not an address", () => {
    expect(clientAddress({}, 1)).toBe("unknown");
    expect(clientAddress({ "x-forwarded-for": "<script>" }, 1)).toBe("unknown");
  });
});
