/** The throwaway stack the e2e suite starts (playwright.config.ts → scripts/demo.ts with DEMO_E2E=1). */
export const BASE_URL = "http://localhost:3100";
/** Signs that stack's session cookies; known to the suite so it can mint tokens to test their lifetime. */
export const E2E_AUTH_SECRET = "e2e-only-secret-for-the-throwaway-test-stack";
/** The stack's webhook secrets, so specs can sign deliveries and answer Meta's handshake as Meta would. */
export const E2E_APP_SECRET = "e2e-only-app-secret";
export const E2E_VERIFY_TOKEN = "e2e-only-verify-token";

/** Where the setup project saves each role's signed-in state (gitignored). */
export const AUTH_DIR = "e2e/.auth";
export type RoleName = "admin" | "manager" | "viewer";
export const storageStateOf = (role: RoleName) => `${AUTH_DIR}/${role}.json`;
