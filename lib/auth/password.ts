import "server-only";
import bcrypt from "bcryptjs";

const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** A hash to compare against when the account does not exist, so both answers take the same time. */
export const DUMMY_HASH = "$2b$11$Gv8EB3BaRZV7Y3PkOwmZP.Op2ERg.UMnRn6zQcHGaNyP3MR5ikJda";
