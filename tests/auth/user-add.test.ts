import { execFile } from "node:child_process";
import { promisify } from "node:util";
import bcrypt from "bcryptjs";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/connection";
import { freshDatabaseUrl } from "../support/db";

const run = promisify(execFile);
const database = await freshDatabaseUrl();
const DATABASE_URL = database.url;

function userAdd(...args: string[]) {
  return run("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/user-add.ts", ...args], {
    env: { ...process.env, DATABASE_URL },
  });
}

afterAll(() => database.drop());

describe("npm run user:add", () => {
  it("creates a user, then updates the password and role of the same email", async () => {
    const created = await userAdd("--email", "Ann@Example.com", "--password", "first-password", "--role", "viewer");
    expect(created.stdout).toContain("Created ann@example.com (viewer).");
    const updated = await userAdd("--email", "ann@example.com", "--password", "second-password", "--role", "manager");
    expect(updated.stdout).toContain("Updated ann@example.com (manager).");

    const db = openDatabase(DATABASE_URL);
    const rows = await db.selectFrom("users").selectAll().execute();
    await db.destroy();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: "ann@example.com", role: "manager" });
    expect(await bcrypt.compare("second-password", rows[0]!.password_hash)).toBe(true);
  }, 30_000);

  it("refuses a bad role or a short password with one line and exit code 2", async () => {
    await expect(userAdd("--email", "bob@example.com", "--password", "long-enough", "--role", "owner")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--role must be one of viewer, manager, admin"),
    });
    await expect(userAdd("--email", "bob@example.com", "--password", "short", "--role", "viewer")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--password must have at least 8 characters"),
    });
  }, 30_000);
});
