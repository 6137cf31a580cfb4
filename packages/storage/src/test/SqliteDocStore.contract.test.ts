import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteDocStore } from "../SqliteDocStore";
import { docStoreContract } from "./docStoreContract";

// A real file in a temp dir per test, so reopen reads what the first connection committed.
docStoreContract("SqliteDocStore (file)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tablecloth-storage-"));
  const path = join(dir, "tablecloth.db");
  return {
    store: SqliteDocStore.open({ path }),
    reopen: async () => SqliteDocStore.open({ path }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

docStoreContract("SqliteDocStore (:memory:)", async () => ({
  store: SqliteDocStore.open({ path: ":memory:" }),
  cleanup: async () => {},
}));
