import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { getRecordsMap } from "./boardDoc";
import {
  FACILITATOR_LOCK_META_KEY,
  isFacilitatorLocked,
  touchesFacilitatorLocks,
} from "./facilitatorLocks";
import { recordToYMap } from "./recordCodec";

const shape = (id: string, locked: boolean) => ({
  id,
  typeName: "shape",
  type: "geo",
  x: 10,
  y: 20,
  isLocked: locked,
  props: { w: 100, h: 80, color: "black" },
  meta: locked ? { [FACILITATOR_LOCK_META_KEY]: true } : {},
});

/** A server doc with one locked and one free shape, and a client synced to it. */
function setUp() {
  const server = new Y.Doc();
  server.transact(() => {
    const records = getRecordsMap(server);
    records.set("shape:locked", recordToYMap(shape("shape:locked", true)));
    records.set("shape:free", recordToYMap(shape("shape:free", false)));
  });
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  // The server's doc as the engine holds it: its root types never asked for as maps.
  const engine = new Y.Doc();
  Y.applyUpdate(engine, Y.encodeStateAsUpdate(server));
  return { engine, client, records: getRecordsMap(client) };
}

/** What the client's change sends, decoded as the engine's guard sees it. */
function change(client: Y.Doc, edit: () => void) {
  const before = Y.encodeStateVector(client);
  client.transact(edit);
  return Y.decodeUpdate(Y.encodeStateAsUpdate(client, before));
}

function nested(records: Y.Map<Y.Map<unknown>>, id: string, key: "props" | "meta") {
  const map = records.get(id)?.get(key);
  if (!(map instanceof Y.Map)) throw new Error(`no ${key} on ${id}`);
  return map;
}

describe("touchesFacilitatorLocks", () => {
  it("lets through what leaves locked shapes alone", () => {
    const { engine, client, records } = setUp();
    const cases = [
      () => records.get("shape:free")?.set("x", 500),
      () => nested(records, "shape:free", "props").set("color", "red"),
      () => records.set("shape:new", recordToYMap(shape("shape:new", false))),
      () => records.delete("shape:free"),
    ];
    for (const edit of cases) {
      expect(touchesFacilitatorLocks(engine, change(client, edit))).toBe(false);
    }
  });

  it("refuses moving, restyling, unlocking, unflagging, replacing or deleting a locked shape", () => {
    const cases: Array<[string, (records: Y.Map<Y.Map<unknown>>) => void]> = [
      ["move", (r) => r.get("shape:locked")?.set("x", 500)],
      ["restyle", (r) => nested(r, "shape:locked", "props").set("color", "red")],
      ["unlock", (r) => r.get("shape:locked")?.set("isLocked", false)],
      ["unflag", (r) => nested(r, "shape:locked", "meta").delete(FACILITATOR_LOCK_META_KEY)],
      ["replace", (r) => r.set("shape:locked", recordToYMap(shape("shape:locked", false)))],
      ["delete", (r) => r.delete("shape:locked")],
    ];
    for (const [what, edit] of cases) {
      const { engine, client, records } = setUp();
      expect(
        touchesFacilitatorLocks(
          engine,
          change(client, () => edit(records)),
        ),
        what,
      ).toBe(true);
    }
  });

  it("refuses locking anything: the flag on an old shape or a new one", () => {
    for (const edit of [
      (r: Y.Map<Y.Map<unknown>>) =>
        nested(r, "shape:free", "meta").set(FACILITATOR_LOCK_META_KEY, true),
      (r: Y.Map<Y.Map<unknown>>) => r.set("shape:new", recordToYMap(shape("shape:new", true))),
    ]) {
      const { engine, client, records } = setUp();
      expect(
        touchesFacilitatorLocks(
          engine,
          change(client, () => edit(records)),
        ),
      ).toBe(true);
    }
  });

  it("sees a lock the facilitator set after the doc loaded, and its removal", () => {
    const { engine, client, records } = setUp();
    // The facilitator locks the free shape; the engine's doc receives it.
    const facilitator = new Y.Doc();
    Y.applyUpdate(facilitator, Y.encodeStateAsUpdate(engine));
    const lockIt = change(facilitator, () =>
      nested(getRecordsMap(facilitator), "shape:free", "meta").set(FACILITATOR_LOCK_META_KEY, true),
    );
    Y.applyUpdate(engine, Y.encodeStateAsUpdate(facilitator));
    expect(lockIt.structs.length).toBeGreaterThan(0);
    Y.applyUpdate(client, Y.encodeStateAsUpdate(engine));
    expect(
      touchesFacilitatorLocks(
        engine,
        change(client, () => records.get("shape:free")?.set("x", 1)),
      ),
    ).toBe(true);
    // And unlocks it again: the participant may move it.
    change(facilitator, () =>
      nested(getRecordsMap(facilitator), "shape:free", "meta").delete(FACILITATOR_LOCK_META_KEY),
    );
    Y.applyUpdate(engine, Y.encodeStateAsUpdate(facilitator));
    Y.applyUpdate(client, Y.encodeStateAsUpdate(engine));
    expect(
      touchesFacilitatorLocks(
        engine,
        change(client, () => records.get("shape:free")?.set("x", 2)),
      ),
    ).toBe(false);
  });
});

describe("isFacilitatorLocked", () => {
  it("reads the flag from a plain record", () => {
    expect(isFacilitatorLocked(shape("a", true))).toBe(true);
    expect(isFacilitatorLocked(shape("a", false))).toBe(false);
    expect(isFacilitatorLocked({ meta: { [FACILITATOR_LOCK_META_KEY]: "yes" } })).toBe(false);
    expect(isFacilitatorLocked({})).toBe(false);
  });
});
