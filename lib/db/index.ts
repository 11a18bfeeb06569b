import "server-only";
import { env } from "@/lib/env";
import { getDbFor } from "./connection";

export type * from "./schema";

export function getDb() {
  return getDbFor(env.DATABASE_URL);
}
