import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteDocStore } from "../SqliteDocStore";
import { docStoreContract } from "./docStoreContract";

// A real file in a temp dir per test, so reopen reads what the first connection committed.
docStoreContract("SqliteDocStore (file)", async (limits) => {
  const dir = await mkdtemp(join(tmpdir(), "tablecloth-storage-"));
  const path = join(dir, "tablecloth.db");
  return {
    store: SqliteDocStore.open({ path, limits }),
    reopen: async () => SqliteDocStore.open({ path, limits }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

docStoreContract("SqliteDocStore (:memory:)", async (limits) => ({
  store: SqliteDocStore.open({ path: ":memory:", limits }),
  cleanup: async () => {},
}));
