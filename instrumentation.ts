/**
 * Runs once when the server starts. Configuration problems stop it here with one clear line instead of failing
 * later on a user's request. A SIGTERM from here on stops the server cleanly (lib/shutdown.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First, before any request: connections to Meta and PostgreSQL are opened in this context (lib/startup-context.ts).
  const { captureStartupContext } = await import("./lib/startup-context");
  captureStartupContext();
  const { installShutdown } = await import("./lib/shutdown");
  installShutdown();
  const { checkStartupConfiguration } = await import("./lib/startup");
  await checkStartupConfiguration();
}
