import { afterEach, describe, expect, it, vi } from "vitest";

import { readGraphConfig } from "@/lib/graph/config";
import { classifyGraphError, GraphError, isGraphError } from "@/lib/graph/errors";

const TOKEN = "EAAG-secret-value";

describe("readGraphConfig", () => {
  it("applies defaults", () => {
    expect(readGraphConfig({ WHATSAPP_ACCESS_TOKEN: TOKEN })).toEqual({
      baseUrl: "https://graph.facebook.com",
      version: "v23.0",
      accessToken: TOKEN,
      timeoutMs: 10_000,
      readDeadlineMs: 12_000,
    });
  });

  it("reads every variable, and treats empty strings as unset", () => {
    expect(
      readGraphConfig({
        WHATSAPP_ACCESS_TOKEN: TOKEN,
        GRAPH_API_BASE_URL: "http://127.0.0.1:4010/",
        GRAPH_API_VERSION: "v24.0",
        GRAPH_API_TIMEOUT_MS: "2500",
        GRAPH_API_READ_DEADLINE_MS: "4000",
      }),
    ).toEqual({ baseUrl: "http://127.0.0.1:4010", version: "v24.0", accessToken: TOKEN, timeoutMs: 2500, readDeadlineMs: 4000 });
    expect(readGraphConfig({ WHATSAPP_ACCESS_TOKEN: TOKEN, GRAPH_API_VERSION: "" }).version).toBe("v23.0");
  });

  it.each([
    [{}, /^Invalid server configuration: WHATSAPP_ACCESS_TOKEN is missing$/],
    [{ WHATSAPP_ACCESS_TOKEN: "  " }, /WHATSAPP_ACCESS_TOKEN is missing/],
    [{ WHATSAPP_ACCESS_TOKEN: TOKEN, GRAPH_API_BASE_URL: "not a url" }, /GRAPH_API_BASE_URL must be an http\(s\) URL/],
    [{ WHATSAPP_ACCESS_TOKEN: TOKEN, GRAPH_API_BASE_URL: "ftp://x.test" }, /GRAPH_API_BASE_URL/],
    [{ WHATSAPP_ACCESS_TOKEN: TOKEN, GRAPH_API_VERSION: "23" }, /GRAPH_API_VERSION must look like "v23.0"/],
    [{ WHATSAPP_ACCESS_TOKEN: TOKEN, GRAPH_API_TIMEOUT_MS: "soon" }, /GRAPH_API_TIMEOUT_MS must be a whole number/],
    [{ WHATSAPP_ACCESS_TOKEN: TOKEN, GRAPH_API_TIMEOUT_MS: "0" }, /GRAPH_API_TIMEOUT_MS must be at least 1/],
    [{ WHATSAPP_ACCESS_TOKEN: TOKEN, GRAPH_API_READ_DEADLINE_MS: "soon" }, /GRAPH_API_READ_DEADLINE_MS must be a whole number/],
  ])("rejects %j with one clear line", (env, message) => {
    let thrown: unknown;
    try {
      readGraphConfig(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain(TOKEN);
    expect((thrown as Error).message.split("\n")).toHaveLength(1);
  });
});

describe("getGraphClient", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("builds one client lazily from the environment", async () => {
    vi.stubEnv("WHATSAPP_ACCESS_TOKEN", TOKEN);
    const { getGraphClient } = await import("@/lib/graph");
    const client = getGraphClient();
    expect(getGraphClient()).toBe(client);
    expect(typeof client.listGroups).toBe("function");
  });

  it("throws the configuration error on first use, not on import", async () => {
    vi.stubEnv("WHATSAPP_ACCESS_TOKEN", "");
    const { getGraphClient } = await import("@/lib/graph");
    expect(() => getGraphClient()).toThrow(/WHATSAPP_ACCESS_TOKEN is missing/);
  });
});

describe("classifyGraphError", () => {
  it.each([
    [401, 190, 463, "auth"],
    [400, 190, 467, "auth"],
    [400, 102, null, "auth"],
    [401, null, null, "auth"],
    [403, 10, null, "permission"],
    [403, 299, null, "permission"],
    [403, null, null, "permission"],
    [400, 4, null, "rate-limited"],
    [400, 17, null, "rate-limited"],
    [400, 80007, null, "rate-limited"],
    [400, 130429, null, "rate-limited"],
    [429, 131208, null, "rate-limited"],
    [429, 100, null, "rate-limited"],
    [400, 131059, null, "invalid-cursor"],
    [400, 100, null, "validation"],
    [404, null, null, "validation"],
    [400, 131215, null, "not-eligible"],
    [400, 131214, null, "not-eligible"],
    [400, 131211, null, "limit-reached"],
    [400, 131041, null, "not-found"],
    [403, 131207, null, "suspended"],
    [500, 1, null, "upstream"],
    [502, null, null, "upstream"],
  ] as const)("HTTP %s code %s/%s → %s", (status, code, subcode, kind) => {
    expect(classifyGraphError(status, code, subcode)).toBe(kind);
  });

  it("isGraphError tells GraphError apart", () => {
    expect(isGraphError(new GraphError({ kind: "network", message: "x" }))).toBe(true);
    expect(isGraphError(new Error("x"))).toBe(false);
    expect(isGraphError({ kind: "network" })).toBe(false);
  });
});
