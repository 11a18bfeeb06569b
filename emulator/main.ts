import { loadConfig } from "./config";
import { startEmulator } from "./server";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.ok) {
    console.error(`Graph emulator: invalid configuration: ${config.error}`);
    process.exit(1);
  }
  const options = config.options;
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`Graph emulator: cannot listen on ${options.host}:${options.port}: ${reason}`);
    process.exit(1);
  }
  const numbers = options.phoneNumberIds?.length ?? 0;
  console.log(`Graph emulator ready on ${emulator.url} (${numbers} numbers, ${emulator.groupCount()} groups)`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`Graph emulator: ${signal} received, shutting down`);
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
