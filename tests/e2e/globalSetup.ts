import { buildClientIfStale } from "./support/buildClient";
import { SERVER_URL_ENV } from "./support/paths";
import { startServer } from "./support/startServer";

/** Builds the client if needed and starts one real server for the whole run. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  buildClientIfStale();
  const server = await startServer();
  process.env[SERVER_URL_ENV] = server.url;
  process.stdout.write(`e2e: server at ${server.url}\n`);
  return async () => {
    await server.stop();
  };
}
