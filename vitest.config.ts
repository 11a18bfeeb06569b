import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Every suite runs on SQLite. With TEST_POSTGRES_URL (a server the run may create and drop databases on, e.g.
 * postgres://postgres@127.0.0.1:5432/postgres: .ci/run starts one), the suites that touch the database run a second
 * time on PostgreSQL, each test on a database of its own that is dropped when it ends.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL?.trim() ?? "";
/** The suites whose behaviour depends on the database engine. */
const DATABASE_SUITES = [
  "tests/db/**/*.test.ts",
  "tests/auth/login-throttle.test.ts",
  "tests/auth/user-add.test.ts",
  "tests/audit/**/*.test.ts",
  "tests/groups/**/*.test.ts",
  "tests/webhooks/**/*.test.ts",
];

if (!postgresUrl) console.log("PostgreSQL runs skipped: TEST_POSTGRES_URL is not set (.ci/run sets it).");

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // `server-only` throws outside React Server Components; unit tests run server code directly.
      "server-only": fileURLToPath(new URL("./tests/support/empty.ts", import.meta.url)),
    },
  },
  test: {
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The server log is for operators; a test that wants it spies on the logger.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["tests/**/*.test.ts", "lib/**/*.test.ts", "emulator/**/*.test.ts"],
          env: { TEST_POSTGRES_URL: "" },
        },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres",
                include: DATABASE_SUITES,
                env: { TEST_POSTGRES_URL: postgresUrl },
                globalSetup: ["tests/support/postgres-setup.ts"],
              },
            },
          ]
        : []),
    ],
  },
});
