import { getRecordsMap, recordToYMap } from "@tablecloth/tldraw-yjs/server";
import { createTLSchema } from "@tldraw/tlschema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { PATH_REGIONS } from "./pathLayout";
import { regionShapeId } from "./pathTemplate";
import { seedPathBoard } from "./seedPathBoard";
import { touchesPathTemplate } from "./templateWriteGuard";

const schema = createTLSchema().serialize();
const TEMPLATE = regionShapeId("goal");

/** A server doc with the template and one participant note, and a client synced to it. */
function setUp() {
  const server = new Y.Doc();
  server.transact(() => seedPathBoard(server, "Sam", schema));
  const note = {
    id: "shape:note-1",
    typeName: "shape",
    type: "note",
    x: PATH_REGIONS.now.x + 50,
    y: PATH_REGIONS.now.y + 200,
    props: { color: "yellow" },
    meta: {},
  };
  server.transact(() => getRecordsMap(server).set(note.id, recordToYMap(note)));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client, records: getRecordsMap(client) };
}

/** The record's `Y.Map`, or its nested `props`/`meta` map; throws when the doc lacks it. */
function mapOf(
  records: Y.Map<Y.Map<unknown>>,
  id: string,
  nested?: "props" | "meta",
): Y.Map<unknown> {
  const record = records.get(id);
  if (!record) throw new Error(`no record ${id}`);
  if (!nested) return record;
  const inner = record.get(nested);
  if (!(inner instanceof Y.Map)) throw new Error(`no ${nested} in ${id}`);
  return inner;
}

/** What `write` sends from the client, decoded, and whether the guard stops it. */
function guarded(write: (records: Y.Map<Y.Map<unknown>>, client: Y.Doc) => void): boolean {
  const { server, client, records } = setUp();
  const updates: Uint8Array[] = [];
  client.on("update", (u: Uint8Array) => updates.push(u));
  client.transact(() => write(records, client));
  expect(updates.length).toBeGreaterThan(0);
  const update = Y.mergeUpdates(updates);
  return touchesPathTemplate(server, Y.decodeUpdate(update));
}

describe("touchesPathTemplate", () => {
  it("stops moving, unlocking or relabelling a template shape", () => {
    expect(guarded((r) => mapOf(r, TEMPLATE).set("x", 10))).toBe(true);
    expect(guarded((r) => mapOf(r, TEMPLATE).set("isLocked", false))).toBe(true);
    expect(guarded((r) => mapOf(r, TEMPLATE, "props").set("w", 5))).toBe(true);
    expect(guarded((r) => mapOf(r, TEMPLATE, "meta").set("x", 1))).toBe(true);
    expect(guarded((r) => mapOf(r, TEMPLATE).delete("rotation"))).toBe(true);
  });

  it("stops deleting, replacing or forging a template record", () => {
    expect(guarded((r) => r.delete(TEMPLATE))).toBe(true);
    expect(guarded((r) => r.set(TEMPLATE, new Y.Map()))).toBe(true);
    expect(guarded((r) => mapOf(r, TEMPLATE).set("props", new Y.Map()))).toBe(true);
    expect(guarded((r) => r.set("shape:path-template-forged", new Y.Map()))).toBe(true);
  });

  it("stops a template change hidden among ordinary edits", () => {
    expect(
      guarded((r) => {
        r.set("shape:note-2", recordToYMap({ id: "shape:note-2", typeName: "shape", x: 1, y: 2 }));
        mapOf(r, "shape:note-1").set("x", 99);
        mapOf(r, TEMPLATE).set("y", 0);
      }),
    ).toBe(true);
  });

  it("lets notes be added, moved, recoloured and deleted", () => {
    expect(
      guarded((r) =>
        r.set(
          "shape:note-2",
          recordToYMap({ id: "shape:note-2", typeName: "shape", props: { a: 1 } }),
        ),
      ),
    ).toBe(false);
    expect(guarded((r) => mapOf(r, "shape:note-1").set("x", 99))).toBe(false);
    expect(guarded((r) => mapOf(r, "shape:note-1", "props").set("color", "red"))).toBe(false);
    expect(guarded((r) => r.delete("shape:note-1"))).toBe(false);
    expect(guarded((_r, doc) => doc.getMap("meta").set("other", 1))).toBe(false);
  });

  it("lets a new record be built across two updates (a nested map made in the first)", () => {
    const { server, client, records } = setUp();
    const first: Uint8Array[] = [];
    client.on("update", (u: Uint8Array) => first.push(u));
    const map = recordToYMap({ id: "shape:n3", typeName: "shape", props: { color: "blue" } });
    records.set("shape:n3", map);
    (map.get("props") as Y.Map<unknown>).set("color", "green");
    for (const u of first) {
      expect(touchesPathTemplate(server, Y.decodeUpdate(u))).toBe(false);
      Y.applyUpdate(server, u);
    }
  });

  it("lets a device send back its whole cached board with a note made offline (the template it already had changes nothing)", () => {
    const { server, client, records } = setUp();
    records.set("shape:offline", recordToYMap({ id: "shape:offline", typeName: "shape", x: 1 }));
    // What y-indexeddb applies to a fresh doc, and y-websocket then sends on as one update.
    const everything = Y.decodeUpdate(Y.encodeStateAsUpdate(client));
    expect(touchesPathTemplate(server, everything)).toBe(false);
  });

  it("still stops a template change sent together with items the server already has", () => {
    const { server, client, records } = setUp();
    mapOf(records, TEMPLATE).set("x", 10);
    expect(touchesPathTemplate(server, Y.decodeUpdate(Y.encodeStateAsUpdate(client)))).toBe(true);
  });
});
