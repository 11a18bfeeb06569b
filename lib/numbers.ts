import "server-only";
import { type BusinessNumber, env } from "@/lib/env";

export type { BusinessNumber };

export function getBusinessNumbers(): BusinessNumber[] {
  return env.WHATSAPP_PHONE_NUMBER_IDS;
}

/** The number the URL asks for, or the first configured one; null when none is configured or the id is unknown. */
export function resolveNumber(requested: string | undefined): BusinessNumber | null {
  const numbers = getBusinessNumbers();
  if (!requested) return numbers[0] ?? null;
  return numbers.find((n) => n.id === requested) ?? null;
}
