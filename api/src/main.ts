#!/usr/bin/env node
import { ConfigError } from './config/config.js';
import { startServer } from './server.js';

/** `npm start`: serve the API until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const server = await startServer();
  const { config } = server;
  process.stdout.write(
    `Baton API ready at ${server.url}\n` +
      `  database: ${config.database.kind === 'sqlite' ? `sqlite:${config.database.path}` : 'postgres'}\n` +
      (config.sandbox ? `  Apollo Sandbox: open ${server.url} in a browser\n` : '') +
      `  health: ${server.origin}/healthz\n`,
  );
  const shutdown = () => {
    server.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Baton: invalid configuration — ${error.message}\n`);
  } else {
    process.stderr.write(`Baton failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
