import { createShapeId, type Editor, type TLInstancePresence } from "tldraw";
import { afterEach, describe, expect, it } from "vitest";
import { Awareness, removeAwarenessStates } from "y-protocols/awareness";
import * as Y from "yjs";
import { presenceRecordId } from "./bindPresence";
import { DEFAULT_PRESENCE_INTERVAL_MS, PRESENCE_FIELD } from "./config";
import { AwarenessLink } from "./test/AwarenessLink";
import { input } from "./test/createHeadlessEditor";
import { createPeer, type Peer } from "./test/createPeer";
import { DocLink } from "./test/DocLink";
import { ManualScheduler } from "./test/ManualScheduler";

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
