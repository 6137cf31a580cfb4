import { createShapeId, type Editor, type TLInstancePresence } from "tldraw";
import { afterEach, describe, expect, it } from "vitest";
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from "y-protocols/awareness";
import * as Y from "yjs";
import { presenceRecordId } from "./bindPresence";
import {
  DEFAULT_PRESENCE_INTERVAL_MS,
  DEFAULT_PRESENCE_MAX_BYTES,
  PRESENCE_FIELD,
  SELECTED_COUNT_META_KEY,
} from "./config";
import { AwarenessLink } from "./test/AwarenessLink";
import { input } from "./test/createHeadlessEditor";
import { createPeer, type Peer } from "./test/createPeer";
import { DocLink } from "./test/DocLink";
import { ManualScheduler } from "./test/ManualScheduler";
import { jsonBytes } from "./trimPresence";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup() {
  const scheduler = new ManualScheduler();
  const docA = new Y.Doc();
  const docB = new Y.Doc();
  const awA = new Awareness(docA);
  const awB = new Awareness(docB);
  const a = createPeer(scheduler, {
    doc: docA,
    awareness: awA,
    user: { id: "ada", name: "Ada", color: "#e03131" },
  });
  const docs = new DocLink(docA, docB);
  const b = createPeer(scheduler, {
    doc: docB,
    awareness: awB,
    user: { id: "bo", name: "Bo", color: "#1971c2" },
  });
  const link = new AwarenessLink(awA, awB);
  link.flush();
  /** Presence publications of A (local awareness changes). */
  const published: unknown[] = [];
  awA.on("change", ({ updated }: { updated: number[] }, origin: unknown) => {
    if (origin === "local" && updated.includes(awA.clientID)) {
      published.push(awA.getLocalState()?.[PRESENCE_FIELD]);
    }
  });
  cleanups.push(() => {
    for (const p of [a, b]) {
      p.binding.dispose();
      p.editor.dispose();
    }
    link.destroy();
    docs.destroy();
    awA.destroy();
    awB.destroy();
  });
  const presenceOf = (peer: Peer, aw: Awareness) =>
    peer.editor.store.get(presenceRecordId(aw.clientID)) as TLInstancePresence | undefined;
  return { scheduler, a, b, awA, awB, link, docs, published, presenceOf };
}

function screenToPage(editor: Editor, x: number, y: number) {
  const p = editor.screenToPage({ x, y });
  return { x: p.x, y: p.y };
}

describe("presence over awareness", () => {
  it("shows each peer's name, colour and cursor to the other", () => {
    const { a, b, awA, awB, link, scheduler, presenceOf } = setup();
    input.move(a.editor, 300, 200);
    scheduler.advance(DEFAULT_PRESENCE_INTERVAL_MS);
    link.flush();
    const seenByB = presenceOf(b, awA);
    expect(seenByB).toMatchObject({ userName: "Ada", color: "#e03131", userId: "user:ada" });
    expect(seenByB?.cursor).toMatchObject(screenToPage(a.editor, 300, 200));
    expect(presenceOf(a, awB)).toMatchObject({ userName: "Bo", color: "#1971c2" });
    // Presence never reaches the doc.
    expect(b.doc.getMap("records").has(presenceRecordId(awA.clientID))).toBe(false);
  });

  it("publishes at most once per 50 ms (20 Hz), ending on the latest state", () => {
    const { a, b, awA, link, scheduler, published, presenceOf } = setup();
    scheduler.advance(1000);
    published.length = 0;
    for (let step = 1; step <= 60; step++) {
      scheduler.advance(16);
      input.move(a.editor, 100 + step, 100);
    }
    scheduler.advance(DEFAULT_PRESENCE_INTERVAL_MS);
    // 60 moves over 960 ms: ceil(960 / 50) + 1 = 21 publications at most.
    expect(published.length).toBeGreaterThan(5);
    expect(published.length).toBeLessThanOrEqual(21);
    link.flush();
    expect(presenceOf(b, awA)?.cursor).toMatchObject(screenToPage(a.editor, 160, 100));
  });

  it("carries selection, follow and laser", () => {
    const { a, b, awA, awB, link, docs, scheduler, presenceOf } = setup();
    const id = createShapeId("sticky");
    a.editor.createShape({ id, type: "note", x: 0, y: 0 });
    a.binding.flush();
    docs.flush();
    a.editor.select(id);
    const bo = presenceOf(a, awB);
    if (!bo) throw new Error("A does not see B");
    a.editor.startFollowingUser(bo.userId);
    scheduler.advance(DEFAULT_PRESENCE_INTERVAL_MS);
    link.flush();
    expect(presenceOf(b, awA)).toMatchObject({
      selectedShapeIds: [id],
      followingUserId: "user:bo",
    });
    a.editor.stopFollowingUser();
    a.editor.setCurrentTool("laser");
    input.down(a.editor, 500, 500);
    input.move(a.editor, 520, 510);
    input.move(a.editor, 540, 530);
    scheduler.advance(DEFAULT_PRESENCE_INTERVAL_MS);
    link.flush();
    expect(presenceOf(b, awA)?.scribbles.length).toBeGreaterThan(0);
  });

  it("removes a peer's presence when they leave, and on dispose", () => {
    const { a, b, awA, awB, link, presenceOf } = setup();
    expect(presenceOf(b, awA)).toBeDefined();
    removeAwarenessStates(awA, [awA.clientID], "leave");
    link.flush();
    expect(presenceOf(b, awA)).toBeUndefined();
    expect(presenceOf(a, awB)).toBeDefined();
    a.binding.dispose();
    expect(presenceOf(a, awB)).toBeUndefined();
  });
});

/** The server's default `maxAwarenessStateBytes` (packages/sync SyncConfig): past it, a final 4413. */
const SERVER_MAX_AWARENESS_STATE_BYTES = 8 * 1024;

describe("presence that fits the server's limit", () => {
  it("an honest user selecting 1,000 shapes publishes a trimmed state well under 8 KiB, with the count", () => {
    const { a, b, awA, link, docs, scheduler, published, presenceOf } = setup();
    // Real ids, as tldraw makes them ("shape:" and 21 random characters).
    const ids = Array.from({ length: 1_000 }, () => createShapeId());
    a.editor.createShapes(ids.map((id, i) => ({ id, type: "geo", x: (i % 40) * 20, y: i * 2 })));
    a.binding.flush();
    docs.flush();
    published.length = 0;
    a.editor.selectAll();
    expect(a.editor.getSelectedShapeIds()).toHaveLength(1_000);
    // Untrimmed, the selection alone is far past the server's limit (the bug: a final 4413).
    expect(jsonBytes(ids)).toBeGreaterThan(3 * SERVER_MAX_AWARENESS_STATE_BYTES);
    scheduler.advance(DEFAULT_PRESENCE_INTERVAL_MS);
    expect(published.length).toBeGreaterThan(0);
    for (const p of published) expect(jsonBytes(p)).toBeLessThanOrEqual(DEFAULT_PRESENCE_MAX_BYTES);
    // What the provider sends is the whole local state (presence and any other field).
    expect(jsonBytes(awA.getLocalState())).toBeLessThan(SERVER_MAX_AWARENESS_STATE_BYTES / 2 + 512);
    link.flush();
    const seen = presenceOf(b, awA);
    if (!seen) throw new Error("B does not see A");
    expect(seen.selectedShapeIds.length).toBeGreaterThan(10);
    expect(seen.selectedShapeIds.length).toBeLessThan(1_000);
    const selected = a.editor.getSelectedShapeIds();
    expect(selected.slice(0, seen.selectedShapeIds.length)).toEqual(seen.selectedShapeIds);
    expect(seen.meta[SELECTED_COUNT_META_KEY]).toBe(1_000);
    expect(seen.cursor).toMatchObject({ x: expect.any(Number), y: expect.any(Number) });
  });

  it("a small selection is sent whole, without a count", () => {
    const { a, b, awA, link, docs, scheduler, presenceOf } = setup();
    const ids = [createShapeId("one"), createShapeId("two")];
    a.editor.createShapes(ids.map((id, i) => ({ id, type: "geo", x: i * 200, y: 0 })));
    a.binding.flush();
    docs.flush();
    a.editor.select(...ids);
    scheduler.advance(DEFAULT_PRESENCE_INTERVAL_MS);
    link.flush();
    const seen = presenceOf(b, awA);
    expect(seen?.selectedShapeIds).toEqual(ids);
    expect(seen?.meta).toEqual({});
  });
});

describe("names on cursors come from the server's stamp", () => {
  it("shows user.id and user.name the server stamped, not the name a peer put in its presence", () => {
    const { a, b, awA, awB, scheduler, presenceOf } = setup();
    a.editor.user.updateUserPreferences({ name: "Facilitator" });
    input.move(a.editor, 300, 200);
    scheduler.advance(DEFAULT_PRESENCE_INTERVAL_MS);
    const claimed = awA.getLocalState()?.[PRESENCE_FIELD] as TLInstancePresence;
    expect(claimed.userName).toBe("Ada"); // the binding's user wins locally; now lie in the state:
    const lying = { ...claimed, userName: "Facilitator", userId: "user:facilitator-1" };
    // What a Tablecloth server relays: the sender's state with user.* set from its token.
    const relayed = new Map([
      [
        awA.clientID,
        { [PRESENCE_FIELD]: lying, user: { id: "ada", name: "Ada", role: "participant" } },
      ],
    ]);
    applyAwarenessUpdate(awB, encodeAwarenessUpdate(awA, [awA.clientID], relayed), "server");
    expect(presenceOf(b, awA)).toMatchObject({ userName: "Ada", userId: "user:ada" });
  });
});
