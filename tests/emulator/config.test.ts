import { describe, expect, it } from "vitest";
import { loadConfig } from "@/emulator/config";

describe("emulator environment", () => {
  it("uses the documented defaults", () => {
    expect(loadConfig({})).toEqual({
      ok: true,
      options: {
        port: 4000,
        host: "127.0.0.1",
        accessToken: "emulator-token",
        phoneNumberIds: ["106540352242922", "106540352242923"],
        seedGroups: 0,
        createDelayMs: 1500,
        webhookDelayMs: 0,
        identityShape: "wa_id",
        strictUserAgent: false,
        webhookUrl: null,
        appSecret: "emulator-app-secret",
      },
    });
  });

  it("reads every variable", () => {
    const result = loadConfig({
      EMULATOR_PORT: "0",
      EMULATOR_HOST: "0.0.0.0",
      EMULATOR_ACCESS_TOKEN: "tok",
      EMULATOR_PHONE_NUMBER_IDS: "1, 2,3",
      EMULATOR_SEED_GROUPS: "10000",
      EMULATOR_CREATE_DELAY_MS: "0",
      EMULATOR_WEBHOOK_DELAY_MS: "250",
      EMULATOR_IDENTITY_SHAPE: "user_id",
      EMULATOR_STRICT_USER_AGENT: "true",
      EMULATOR_WEBHOOK_URL: "http://127.0.0.1:3000/api/webhook",
      EMULATOR_APP_SECRET: "s",
    });
    expect(result).toEqual({
      ok: true,
      options: {
        port: 0,
        host: "0.0.0.0",
        accessToken: "tok",
        phoneNumberIds: ["1", "2", "3"],
        seedGroups: 10000,
        createDelayMs: 0,
        webhookDelayMs: 250,
        identityShape: "user_id",
        strictUserAgent: true,
        webhookUrl: "http://127.0.0.1:3000/api/webhook",
        appSecret: "s",
      },
    });
  });

  it.each([
    ["EMULATOR_PORT", "abc"],
    ["EMULATOR_PORT", "70000"],
    ["EMULATOR_SEED_GROUPS", "10001"],
    ["EMULATOR_SEED_GROUPS", "-1"],
    ["EMULATOR_CREATE_DELAY_MS", "1.5"],
    ["EMULATOR_WEBHOOK_DELAY_MS", "-5"],
    ["EMULATOR_IDENTITY_SHAPE", "phone"],
    ["EMULATOR_STRICT_USER_AGENT", "yes please"],
    ["EMULATOR_PHONE_NUMBER_IDS", "123,abc"],
    ["EMULATOR_PHONE_NUMBER_IDS", "1,1"],
    ["EMULATOR_WEBHOOK_URL", "not a url"],
    ["EMULATOR_WEBHOOK_URL", "ftp://x/y"],
    ["EMULATOR_ACCESS_TOKEN", ""],
    ["EMULATOR_APP_SECRET", "  "],
  ])("refuses %s=%j with one line naming the variable", (name, value) => {
    const result = loadConfig({ [name]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain(name);
      expect(result.error).not.toContain("\n");
    }
  });
});
