/**
 * The throwaway stack the e2e suite starts (playwright.config.ts → scripts/demo.ts with DEMO_E2E=1): the dashboard
 * on E2E_PORT (3100) and the emulator on E2E_EMULATOR_PORT (4100). Other ports (and NEXT_DIST_DIR) let two suites
 * run side by side on one machine, each with its own database and sign-in state.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4100);
export const BASE_URL = `http://localhost:${E2E_PORT}`;
export const EMULATOR_URL = `http://127.0.0.1:${E2E_EMULATOR_PORT}`;
/** Signs that stack's session cookies; known to the suite so it can mint tokens to test their lifetime. */
export const E2E_AUTH_SECRET = "e2e-only-secret-for-the-throwaway-test-stack";
/** The stack's webhook secrets, so specs can sign deliveries and answer Meta's handshake as Meta would. */
export const E2E_APP_SECRET = "e2e-only-app-secret";
export const E2E_VERIFY_TOKEN = "e2e-only-verify-token";

/** Where the setup project saves each role's signed-in state (gitignored). */
export const AUTH_DIR = `e2e/.auth/${E2E_PORT}`;
export type RoleName = "admin" | "manager" | "viewer";
export const storageStateOf = (role: RoleName) => `${AUTH_DIR}/${role}.json`;
