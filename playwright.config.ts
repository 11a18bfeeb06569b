import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { AUTH_DIR, BASE_URL, E2E_APP_SECRET, E2E_AUTH_SECRET, E2E_EMULATOR_PORT, E2E_PORT, E2E_VERIFY_TOKEN } from "./e2e/stack";

/**
 * End-to-end suite. The webServer starts the whole stack through scripts/demo.ts (DEMO_E2E=1): the dashboard on
 * E2E_PORT (3100) with a fresh data/e2e-<port>.db and the Graph emulator on E2E_EMULATOR_PORT (4100). Server state is
 * shared, so one worker runs the specs in order; specs that depend on emulator data reset it (e2e/fixtures.ts).
 */
/** The two-instance run (e2e/multi) needs a PostgreSQL server to make its database on; .ci/run starts one. */
const postgres = process.env.TEST_POSTGRES_URL?.trim();
if (!postgres && process.env.TEST_WORKER_INDEX === undefined)
  console.log("Two-instance run (e2e/multi) skipped: TEST_POSTGRES_URL is not set (.ci/run sets it).");

const chromium =
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    permissions: ["clipboard-read", "clipboard-write"],
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/, use: { ...devices["Desktop Chrome"] } },
    {
      name: "chromium",
      testMatch: /.*\.spec\.ts/,
      testIgnore: /multi\//,
      dependencies: ["setup"],
      use: { ...devices["Desktop Chrome"], storageState: `${AUTH_DIR}/manager.json` },
    },
    // Two dashboard instances on one PostgreSQL database, started by the spec itself (no browser needed).
    ...(postgres ? [{ name: "two-instances", testDir: "e2e/multi", testMatch: /.*\.spec\.ts/, timeout: 60_000 }] : []),
  ],
  webServer: {
    command: "DEMO_E2E=1 npx tsx --conditions=react-server scripts/demo.ts",
    env: {
      PORT: String(E2E_PORT),
      EMULATOR_PORT: String(E2E_EMULATOR_PORT),
      NEXTAUTH_SECRET: E2E_AUTH_SECRET,
      WHATSAPP_APP_SECRET: E2E_APP_SECRET,
      WHATSAPP_WEBHOOK_VERIFY_TOKEN: E2E_VERIFY_TOKEN,
      // Warnings and errors only: a line per request and per Graph call would bury a failing test's output.
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    },
    url: `${BASE_URL}/login`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
