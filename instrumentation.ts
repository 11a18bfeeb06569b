/**
 * Runs once when the server starts. Configuration problems stop it here with one clear line instead of failing
 * later on a user's request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkStartupConfiguration } = await import("./lib/startup");
  await checkStartupConfiguration();
}
