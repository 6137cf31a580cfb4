import { fileURLToPath } from "node:url";

/** The repository root, from `tests/e2e/support/`. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const CLIENT_DIR = fileURLToPath(new URL("../../../client/", import.meta.url));
export const SERVER_DIR = fileURLToPath(new URL("../../../server/", import.meta.url));

/** The env var global setup leaves for the tests: the running server's origin. */
export const SERVER_URL_ENV = "TABLECLOTH_E2E_URL";
