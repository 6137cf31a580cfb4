import type { ConnectionContext, WriteGuard } from "@tablecloth/sync";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { MembershipCache } from "../auth/MembershipCache";
import type { DocAccess } from "../DocAccess";
import { boardDocName, controlDocName } from "../events/ids";
import { openEventStore } from "../events/openEventStore";
import type { SqliteEventStore } from "../events/SqliteEventStore";
import { type BoardRule, type BoardWriter, withBoardGuards } from "./withBoardGuards";

const EVENT = "ev1";
const cafeTable = boardDocName(EVENT, "t1");
const pathBoard = boardDocName(EVENT, "p1");
const control = controlDocName(EVENT);

let db: Database.Database;
let store: SqliteEventStore;
let membership: MembershipCache;
let reads: string[];

/** What the events layer decided for each token: a role, read-only or not, maybe a guard. */
function innerAccess(contexts: Record<string, ConnectionContext>): DocAccess {
  return {
    decide(_docName, token) {
      const context = token === null ? undefined : contexts[token];
      if (context === undefined) return Promise.resolve({ ok: false, code: 4401 });
      return Promise.resolve({ ok: true, context, canReadHistory: false });
    },
  };
}

const update = { structs: [], ds: { clients: new Map() } } as unknown as Parameters<WriteGuard>[1];
const doc = new Y.Doc();

beforeEach(async () => {
  db = new Database(":memory:");
  store = openEventStore(db);
  membership = new MembershipCache(store, { maxEntries: 100 });
  reads = [];
  const facilitator = {
    id: "f1",
    eventId: EVENT,
    name: "Fran",
    role: "facilitator",
    joinedAt: 1,
    removedAt: null,
  } as const;
  await store.createEvent(
    {
      id: EVENT,
      title: "T",
      purpose: "",
      format: "path",
      joinCode: "ABC123",
      joinOpen: true,
      controlDocName: control,
      createdAt: 1,
    },
    facilitator,
  );
  for (const [id, kind, docName] of [
    ["t1", "table", cafeTable],
    ["p1", "path", pathBoard],
  ] as const) {
    await store.createBoard({
      id,
      eventId: EVENT,
      kind,
      title: id,
      question: null,
      docName,
      createdAt: 1,
    });
  }
});

afterEach(() => db.close());

function guarded(rules: readonly BoardRule[], inner = innerAccess(CONTEXTS)): DocAccess {
  return withBoardGuards(inner, {
    membership,
    sync: {
      read: async (docName) => {
        reads.push(docName);
        return undefined as never;
      },
    },
    rules,
  });
}

const CONTEXTS: Record<string, ConnectionContext> = {
  participant: { userId: "p1", role: "participant", readOnly: false },
  facilitator: { userId: "f1", role: "facilitator", readOnly: false },
  observer: { userId: "o1", role: "observer", readOnly: true },
};

async function guardOf(access: DocAccess, docName: string, token: string) {
  const decision = await access.decide(docName, token);
  if (!decision.ok) throw new Error(`refused ${decision.code}`);
  return decision.context.writeGuard;
}

describe("withBoardGuards", () => {
  it("asks every rule about a participant's board, with the board, its control doc and the person", async () => {
    const seen: BoardWriter[] = [];
    const access = guarded([
      (writer) => {
        seen.push(writer);
        return undefined;
      },
    ]);
    expect(await guardOf(access, pathBoard, "participant")).toBeUndefined();
    expect(seen).toEqual([
      {
        board: expect.objectContaining({ kind: "board", boardId: "p1", boardKind: "path" }),
        control,
        person: { id: "p1", role: "participant" },
      },
    ]);
    // The control doc is loaded before any rule runs, so the books hold its state.
    expect(reads).toEqual([control]);
  });

  it("passes an update only when every guard passes, and keeps the guard the events layer gave", async () => {
    let phaseOpen = true;
    let innerSays = true;
    const pathOnly: BoardRule = ({ board }) =>
      board.boardKind === "path" ? () => false : undefined;
    const phase: BoardRule = () => () => phaseOpen;
    const inner = innerAccess({
      participant: { ...CONTEXTS.participant, writeGuard: () => innerSays } as ConnectionContext,
    });
    const access = guarded([phase, pathOnly], inner);

    const onTable = await guardOf(access, cafeTable, "participant");
    expect(onTable?.(doc, update)).toBe(true);
    phaseOpen = false; // read at each update: holds for a connection already open
    expect(onTable?.(doc, update)).toBe(false);
    phaseOpen = true;
    innerSays = false;
    expect(onTable?.(doc, update)).toBe(false);
    innerSays = true;

    const onPath = await guardOf(access, pathBoard, "participant");
    expect(onPath?.(doc, update)).toBe(false);
  });

  it("leaves facilitators, read-only connections, control docs and refusals as decided", async () => {
    const refuseAll: BoardRule = () => () => false;
    const access = guarded([refuseAll]);
    expect(await guardOf(access, pathBoard, "facilitator")).toBeUndefined();
    expect(await guardOf(access, pathBoard, "observer")).toBeUndefined();
    expect(await guardOf(access, control, "participant")).toBeUndefined();
    expect(await access.decide(pathBoard, "stranger")).toEqual({ ok: false, code: 4401 });
    expect(reads).toEqual([]);
  });
});
