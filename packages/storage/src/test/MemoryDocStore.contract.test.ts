import { MemoryDocStore } from "../MemoryDocStore";
import { docStoreContract } from "./docStoreContract";

// The memory store cannot outlive its object, so the reopen test is skipped for it.
docStoreContract("MemoryDocStore", async () => ({
  store: new MemoryDocStore(),
  cleanup: async () => {},
}));
