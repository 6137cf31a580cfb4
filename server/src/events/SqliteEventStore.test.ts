import { openDatabase } from "@tablecloth/storage";
import type { Database } from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { eventStoreContract } from "./eventStoreContract";
import { openEventStore } from "./openEventStore";

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

eventStoreContract("SqliteEventStore", async () => {
  const db = openDatabase(":memory:");
  open.push(db);
  return openEventStore(db);
});

it("migrates once: opening the same database again keeps its data", async () => {
  const db = openDatabase(":memory:");
  open.push(db);
  const first = openEventStore(db);
  await first.createEvent(
    {
      id: "e1",
      title: "t",
      purpose: "",
      format: "path",
      joinCode: "ABCDEF",
      joinOpen: true,
      controlDocName: "e1.control",
      createdAt: 1,
    },
    { id: "f1", eventId: "e1", name: "F", role: "facilitator", joinedAt: 1, removedAt: null },
  );
  const second = openEventStore(db);
  expect((await second.getEvent("e1"))?.format).toBe("path");
});
