import { expect, test } from "./fixtures";
import { spawnNextStart } from "./instances";
import { E2E_PORT } from "./stack";

/** Starts the production server built for the suite with the given environment and collects what it prints. */
function startServer(env: Record<string, string | undefined>, port: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawnNextStart(port, env);
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGTERM"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("a production server without NEXTAUTH_SECRET refuses to start with one clear line", async () => {
  const { code, output } = await startServer({ DATABASE_URL: `file:./data/startup-check-${E2E_PORT}.db` }, E2E_PORT + 91);
  expect(code).toBe(1);
  const problems = output.split("\n").filter((line) => line.startsWith("Cannot start the dashboard"));
  expect(problems).toEqual([expect.stringContaining("NEXTAUTH_SECRET is not set")]);
  expect(output).not.toMatch(/\n\s+at /); // no stack trace
});

test("a production server with a malformed setting names the variable and stops", async () => {
  const { code, output } = await startServer(
    {
      NEXTAUTH_SECRET: "a-secret-long-enough-for-this",
      WHATSAPP_PHONE_NUMBER_IDS: "not-a-number",
      DATABASE_URL: `file:./data/startup-check-${E2E_PORT}.db`,
    },
    E2E_PORT + 92,
  );
  expect(code).toBe(1);
  expect(output).toContain("Cannot start the dashboard: Invalid environment variable WHATSAPP_PHONE_NUMBER_IDS");
});
