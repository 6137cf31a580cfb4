import { MemoryDocStore } from "../MemoryDocStore";
import { docStoreContract } from "./docStoreContract";

// The memory store cannot outlive its object, so the reopen test is skipped for it.
docStoreContract("MemoryDocStore", async (limits) => ({
  store: new MemoryDocStore(limits),
  cleanup: async () => {},
}));
