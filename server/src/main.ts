#!/usr/bin/env node
/**
 * The `tablecloth` command: reads config from env and flags, starts the server, and on SIGTERM or
 * SIGINT stops accepting, flushes every doc and exits 0 (1 if shutdown failed or timed out).
 *
 * Production runs the compiled bundle (`dist/main.js`, built by `scripts/build.mjs`); tests and
 * `pnpm dev` run this file through tsx.
 */
import { ConfigError, loadConfig, usage } from "./config";
import { createLogger } from "./logger";
import { startServer } from "./TableclothServer";
import { tableclothExtensions } from "./tableclothExtensions";

let loaded: ReturnType<typeof loadConfig>;
try {
  loaded = loadConfig(process.env, process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`tablecloth: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
if (loaded.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

const { config } = loaded;
const logger = createLogger({ level: config.logLevel, base: { service: "tablecloth" } });

process.on("uncaughtException", (error) => {
  logger.error("uncaught exception", { error });
  process.exit(1);
});
process.on("unhandledRejection", (reason) => {
  logger.error("unhandled rejection", { error: reason });
  process.exit(1);
});

let server: Awaited<ReturnType<typeof startServer>>;
try {
  server = await startServer(config, { logger, extensions: tableclothExtensions(config) });
} catch (error) {
  logger.error("failed to start", { error, host: config.host, port: config.port });
  process.exit(1);
}
logger.info("listening", {
  url: server.url,
  port: server.port,
  host: config.host,
  dataDir: config.dataDir,
  pid: process.pid,
});

let stopping = false;
/**
 * The first SIGTERM/SIGINT starts the shutdown; later ones are logged and ignored. A signal sent to
 * a whole process group (systemd's default KillMode, `docker stop` of a shell entrypoint, Ctrl-C)
 * reaches us once directly and once more through every pnpm above us, which forwards it to its
 * child: exiting at the second one would skip the final flush. Only the shutdown timeout cuts it
 * short.
 */
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) {
    logger.info("signal during shutdown: still flushing", { signal });
    return;
  }
  stopping = true;
  logger.info("signal received", { signal });
  const timeout = setTimeout(() => {
    logger.error("shutdown timed out", { ms: config.shutdownTimeoutMs });
    process.exit(1);
  }, config.shutdownTimeoutMs);
  timeout.unref();
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error("shutdown failed", { error });
      process.exit(1);
    },
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
