import { describe, expect, it } from "vitest";
import {
  type BoardRecord,
  DuplicateKeyError,
  type EventRecord,
  type EventStore,
  type ParticipantRecord,
} from "./EventStore";

/**
 * The behaviour every `EventStore` backend must show. Call it from a backend's test file with a
 * factory giving a fresh, migrated, empty store per test.
 */
export function eventStoreContract(name: string, makeStore: () => Promise<EventStore>): void {
  const event = (id: string, joinCode: string): EventRecord => ({
    id,
    title: `Event ${id}`,
    purpose: "why we meet",
    format: "world-cafe",
    joinCode,
    joinOpen: true,
    controlDocName: `${id}.control`,
    createdAt: 1_000,
  });
  const person = (
    id: string,
    eventId: string,
    role: ParticipantRecord["role"],
    joinedAt = 2_000,
  ): ParticipantRecord => ({ id, eventId, name: `Name ${id}`, role, joinedAt, removedAt: null });
  const board = (id: string, eventId: string, createdAt = 3_000): BoardRecord => ({
    id,
    eventId,
    kind: "table",
    title: `Table ${id}`,
    question: "What matters?",
    docName: `${eventId}.${id}`,
    createdAt,
  });

  describe(`EventStore contract: ${name}`, () => {
    it("creates an event with its facilitator and finds it by id and join code", async () => {
      const store = await makeStore();
      await store.createEvent(event("e1", "ABCDEF"), person("f1", "e1", "facilitator"));
      expect(await store.getEvent("e1")).toEqual(event("e1", "ABCDEF"));
      expect((await store.findEventByJoinCode("ABCDEF"))?.id).toBe("e1");
      expect(await store.findEventByJoinCode("ZZZZZZ")).toBeNull();
      expect(await store.getEvent("nope")).toBeNull();
      expect(await store.getParticipant("f1")).toEqual(person("f1", "e1", "facilitator"));
    });

    it("refuses a second event with the same join code, keeping nothing of it", async () => {
      const store = await makeStore();
      await store.createEvent(event("e1", "ABCDEF"), person("f1", "e1", "facilitator"));
      await expect(
        store.createEvent(event("e2", "ABCDEF"), person("f2", "e2", "facilitator")),
      ).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await store.getEvent("e2")).toBeNull();
      expect(await store.getParticipant("f2")).toBeNull();
    });

    it("lists participants in joining order without removed ones, renames and removes", async () => {
      const store = await makeStore();
      await store.createEvent(event("e1", "ABCDEF"), person("f1", "e1", "facilitator", 1));
      await store.addParticipant(person("p1", "e1", "participant", 2));
      await store.addParticipant(person("o1", "e1", "observer", 3));
      await store.createEvent(event("e2", "GHJKMN"), person("f2", "e2", "facilitator", 1));
      expect((await store.listParticipants("e1")).map((p) => p.id)).toEqual(["f1", "p1", "o1"]);

      expect((await store.renameParticipant("p1", "Ada"))?.name).toBe("Ada");
      expect(await store.renameParticipant("ghost", "x")).toBeNull();

      expect((await store.removeParticipant("p1", 50))?.removedAt).toBe(50);
      expect((await store.removeParticipant("p1", 99))?.removedAt).toBe(50);
      expect(await store.removeParticipant("ghost", 50)).toBeNull();
      expect((await store.listParticipants("e1")).map((p) => p.id)).toEqual(["f1", "o1"]);
      expect((await store.getParticipant("p1"))?.removedAt).toBe(50);
    });

    it("keeps boards per event and knows which event owns each doc", async () => {
      const store = await makeStore();
      await store.createEvent(event("e1", "ABCDEF"), person("f1", "e1", "facilitator"));
      await store.createEvent(event("e2", "GHJKMN"), person("f2", "e2", "facilitator"));
      await store.createBoard(board("b2", "e1", 5));
      await store.createBoard(board("b1", "e1", 4));
      await store.createBoard(board("b3", "e2", 4));
      expect((await store.listBoards("e1")).map((b) => b.id)).toEqual(["b1", "b2"]);
      expect(await store.listBoards("e2")).toEqual([board("b3", "e2", 4)]);

      expect(await store.findDocOwner("e1.control")).toEqual({
        kind: "control",
        eventId: "e1",
        docName: "e1.control",
      });
      expect(await store.findDocOwner("e2.b3")).toEqual({
        kind: "board",
        eventId: "e2",
        docName: "e2.b3",
        boardId: "b3",
        boardKind: "table",
      });
      expect(await store.findDocOwner("e1.nope")).toBeNull();
      await expect(store.createBoard(board("b1", "e1"))).rejects.toBeInstanceOf(DuplicateKeyError);
    });

    it("updates an event's title and purpose, and a board's title and question", async () => {
      const store = await makeStore();
      await store.createEvent(event("e1", "ABCDEF"), person("f1", "e1", "facilitator"));
      await store.createBoard(board("b1", "e1"));
      expect(await store.updateEvent("e1", { title: "New" })).toMatchObject({
        title: "New",
        purpose: "why we meet",
      });
      expect(await store.updateEvent("e1", { purpose: "" })).toMatchObject({
        title: "New",
        purpose: "",
      });
      expect((await store.getEvent("e1"))?.title).toBe("New");
      expect(await store.updateEvent("nope", { title: "x" })).toBeNull();

      expect(await store.updateBoard("b1", { question: null })).toMatchObject({
        title: "Table b1",
        question: null,
      });
      expect(await store.updateBoard("b1", { title: "Renamed" })).toMatchObject({
        title: "Renamed",
        question: null,
      });
      expect(await store.getBoard("b1")).toMatchObject({ title: "Renamed", question: null });
      expect(await store.getBoard("nope")).toBeNull();
      expect(await store.updateBoard("nope", { title: "x" })).toBeNull();
    });

    it("redeems an invite once, before it expires, adding a participant with its role", async () => {
      const store = await makeStore();
      await store.createEvent(event("e1", "ABCDEF"), person("f1", "e1", "facilitator"));
      const invite = {
        code: "INVITE234567",
        eventId: "e1",
        role: "facilitator" as const,
        createdBy: "f1",
        createdAt: 10,
        expiresAt: 100,
        usedAt: null,
      };
      await store.createInvite(invite);
      await store.createInvite({ ...invite, code: "EXPIRED23456" });

      const joiner = { id: "c1", name: "Co", joinedAt: 20, removedAt: null };
      expect(await store.redeemInvite("INVITE234567", 20, joiner)).toEqual({
        ok: true,
        invite: { ...invite, usedAt: 20 },
        participant: { ...joiner, role: "facilitator", eventId: "e1" },
      });
      expect(await store.getParticipant("c1")).toMatchObject({
        role: "facilitator",
        eventId: "e1",
      });
      expect(await store.redeemInvite("INVITE234567", 21, { ...joiner, id: "c2" })).toEqual({
        ok: false,
        reason: "used",
      });
      expect(await store.redeemInvite("EXPIRED23456", 100, { ...joiner, id: "c3" })).toEqual({
        ok: false,
        reason: "expired",
      });
      expect(await store.redeemInvite("UNKNOWN23456", 20, { ...joiner, id: "c4" })).toEqual({
        ok: false,
        reason: "unknown",
      });
      expect(await store.getParticipant("c2")).toBeNull();
      expect(await store.getParticipant("c3")).toBeNull();
    });

    it("rotates and closes a join code; the old code finds nothing, a taken code is refused", async () => {
      const store = await makeStore();
      await store.createEvent(event("e1", "ABCDEF"), person("f1", "e1", "facilitator"));
      await store.createEvent(event("e2", "GHJKMN"), person("f2", "e2", "facilitator"));
      expect(await store.setJoinCode("e1", "PQRSTV", true)).toMatchObject({
        joinCode: "PQRSTV",
        joinOpen: true,
      });
      expect(await store.findEventByJoinCode("ABCDEF")).toBeNull();
      expect((await store.findEventByJoinCode("PQRSTV"))?.id).toBe("e1");
      expect(await store.setJoinCode("e1", "PQRSTV", false)).toMatchObject({ joinOpen: false });
      expect((await store.getEvent("e1"))?.joinOpen).toBe(false);
      await expect(store.setJoinCode("e1", "GHJKMN", true)).rejects.toBeInstanceOf(
        DuplicateKeyError,
      );
      expect(await store.getEvent("e1")).toMatchObject({ joinCode: "PQRSTV", joinOpen: false });
      expect(await store.setJoinCode("nope", "WXYZ23", true)).toBeNull();
    });

    it("adds participants only while the event is under its cap, not counting removed people", async () => {
      const store = await makeStore();
      await store.createEvent(event("e1", "ABCDEF"), person("f1", "e1", "facilitator"));
      expect(await store.addParticipantWithin(person("p1", "e1", "participant"), 2)).toBe(true);
      expect(await store.addParticipantWithin(person("p2", "e1", "participant"), 2)).toBe(false);
      expect(await store.getParticipant("p2")).toBeNull();
      await store.removeParticipant("p1", 5_000);
      expect(await store.addParticipantWithin(person("p3", "e1", "observer"), 2)).toBe(true);
      expect((await store.listParticipants("e1")).map((p) => p.id)).toEqual(["f1", "p3"]);
    });
  });
}
