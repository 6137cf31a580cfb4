import { openDatabase } from "@tablecloth/storage";
import { describe, expect, it } from "vitest";
import type { ParticipantRecord } from "../events/EventStore";
import { openEventStore } from "../events/openEventStore";
import { MembershipCache } from "./MembershipCache";

describe("MembershipCache", () => {
  it("sees a remembered removal at once and never lets a stale record undo it", async () => {
    const db = openDatabase(":memory:");
    try {
      const store = openEventStore(db);
      await store.createEvent(
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
        { id: "f", eventId: "e1", name: "F", role: "facilitator", joinedAt: 1, removedAt: null },
      );
      const ada: ParticipantRecord = {
        id: "a",
        eventId: "e1",
        name: "Ada",
        role: "participant",
        joinedAt: 2,
        removedAt: null,
      };
      await store.addParticipant(ada);
      const cache = new MembershipCache(store, { maxEntries: 10 });
      expect(await cache.participant("a")).toEqual(ada);
      expect(await cache.participant("ghost")).toBeNull();

      cache.remember({ ...ada, removedAt: 9 });
      expect((await cache.participant("a"))?.removedAt).toBe(9);
      cache.remember({ ...ada, name: "Ada L." });
      expect(await cache.participant("a")).toMatchObject({ name: "Ada L.", removedAt: 9 });

      expect(await cache.docOwner("e1.control")).toEqual({
        kind: "control",
        eventId: "e1",
        docName: "e1.control",
      });
      expect(await cache.docOwner("nope")).toBeNull();
    } finally {
      db.close();
    }
  });

  it("forgets the least recently used entries beyond its size, reading them again from the store", async () => {
    const db = openDatabase(":memory:");
    try {
      const store = openEventStore(db);
      await store.createEvent(
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
        { id: "f", eventId: "e1", name: "F", role: "facilitator", joinedAt: 1, removedAt: null },
      );
      const cache = new MembershipCache(store, { maxEntries: 1 });
      await cache.participant("f");
      await store.renameParticipant("f", "Fran");
      // Still cached: the stale name.
      expect((await cache.participant("f"))?.name).toBe("F");
      cache.remember({
        id: "x",
        eventId: "e1",
        name: "X",
        role: "observer",
        joinedAt: 3,
        removedAt: null,
      });
      // "f" was evicted: read again.
      expect((await cache.participant("f"))?.name).toBe("Fran");
    } finally {
      db.close();
    }
  });
});
