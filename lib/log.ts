import "server-only";
import { createRequire } from "node:module";
import pino, { type DestinationStream, type Logger } from "pino";

/**
 * The server's structured log: JSON lines (one object per event) on stdout, at LOG_LEVEL (default info). Fields
 * that could carry a secret are censored wherever they appear, whatever a caller passes in.
 */
const REDACTED_KEYS = [
  "password",
  "passwordHash",
  "password_hash",
  "token",
  "accessToken",
  "authorization",
  "cookie",
  "signature",
  "secret",
];

/** In development, readable lines through pino-pretty (a dev dependency: production never loads it). */
function prettyStream(): DestinationStream | undefined {
  if (process.env.NODE_ENV !== "development") return undefined;
  try {
    const pretty = createRequire(import.meta.url)("pino-pretty") as (options: object) => DestinationStream;
    return pretty({ colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname,service" });
  } catch {
    return undefined;
  }
}

function createLogger(): Logger {
  const level = process.env.LOG_LEVEL?.trim() || "info";
  const options: pino.LoggerOptions = {
    level,
    base: { service: "whatsapp-groups-dashboard" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]), censor: "[redacted]" },
  };
  const pretty = prettyStream();
  return pretty ? pino(options, pretty) : pino(options);
}

const globalForLog = globalThis as unknown as { __dashboardLogger?: Logger };
export const logger: Logger = (globalForLog.__dashboardLogger ??= createLogger());
