/**
 * npm run user:add -- --email E --password P --role viewer|manager|admin [--name N]
 * Creates the user, or updates the password and role of an existing one, in the configured database (DATABASE_URL).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { LastAdminError, upsertUser } from "@/lib/db/users";

const schema = z.object({
  email: z.email("--email must be an email address"),
  password: z.string().min(8, "--password must have at least 8 characters").max(200),
  role: z.enum(ROLES, { error: `--role must be one of ${ROLES.join(", ")}` }),
  name: z.string().max(200).optional(),
});

async function main() {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: { email: { type: "string" }, password: { type: "string" }, role: { type: "string" }, name: { type: "string" } },
      strict: true,
    }));
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? "invalid arguments");
  const { password, role, name } = parsed.data;
  const email = parsed.data.email.trim().toLowerCase(); // as stored: sign-in ignores case
  const db = await getDb();
  try {
    const { outcome } = await upsertUser(
      db,
      { email, passwordHash: await hashPassword(password), role, name },
      { email: "npm run user:add", role: "system" },
    );
    console.log(`${outcome === "created" ? "Created" : "Updated"} ${email} (${role}).`);
  } catch (error) {
    if (!(error instanceof LastAdminError)) throw error;
    await db.destroy();
    return fail(`${email} is the last admin. ${error.message}`);
  }
  await db.destroy();
}

function fail(message: string): never {
  console.error(`user:add: ${message}\nUsage: npm run user:add -- --email E --password P --role viewer|manager|admin [--name N]`);
  process.exit(2);
}

main().catch((error: unknown) => {
  console.error(`user:add: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
